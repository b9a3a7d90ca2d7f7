"""A retry decorator typed with ParamSpec: what it wraps keeps its signature."""

import asyncio
import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
ATTEMPTS, DELAY = 3, 0.25


def retry(func: Callable[P, Awaitable[T]]) -> Callable[P, Coroutine[Any, Any, T]]:
    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        for attempt in range(1, ATTEMPTS):
            try:
                return await func(*args, **kwargs)
            except ConnectionError as error:
                print(f"attempt {attempt}: {error}; again in {DELAY} s")
                await asyncio.sleep(DELAY)
        return await func(*args, **kwargs)  # the last attempt's error goes up

    return wrapper


failures = [ConnectionError("connection reset"), ConnectionError("timed out")]


@retry
async def fetch_page(url: str, *, lang: str) -> str:
    await asyncio.sleep(0.05)  # stands in for a request
    if failures:
        raise failures.pop()
    return f"<html lang={lang}>{url}</html>"


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        # create_task needs a coroutine: retry returns one, so this type-checks
        page = group.create_task(fetch_page("example.org", lang="en"))
    print(page.result())


if __name__ == "__main__":
    asyncio.run(main())
