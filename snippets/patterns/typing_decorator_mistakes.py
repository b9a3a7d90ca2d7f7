"""A timing decorator with two mistakes, one in its body and one in its type."""

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar, reveal_type

P = ParamSpec("P")
T = TypeVar("T")


def timed(func: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        start = time.perf_counter()
        result = func(*args, **kwargs)
        print(f"{func.__name__} took {time.perf_counter() - start:.1f} s")
        return result

    return wrapper


@timed
async def fetch_size(url: str) -> int:
    await asyncio.sleep(0.1)  # stands in for a download
    return len(url) * 100


async def main() -> None:
    reveal_type(fetch_size)
    print(await fetch_size("example.org"), await fetch_size(80))
    async with asyncio.TaskGroup() as group:
        size: asyncio.Task[int] = group.create_task(fetch_size("example.org"))
    print(f"{size.result()} bytes")


if __name__ == "__main__":
    asyncio.run(main())
