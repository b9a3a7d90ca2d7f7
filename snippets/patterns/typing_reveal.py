"""What mypy infers at each step: a function, its coroutine, its task, its result."""

import asyncio
from collections.abc import AsyncIterator
from typing import Self, reveal_type


async def fetch_size(url: str) -> int:
    await asyncio.sleep(0.1)
    return len(url) * 100


async def countdown(start: int) -> AsyncIterator[int]:
    for number in range(start, 0, -1):
        await asyncio.sleep(0.1)
        yield number


class Session:
    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await asyncio.sleep(0)


async def main() -> None:
    reveal_type(fetch_size)
    pending = reveal_type(fetch_size("example.org/a"))
    reveal_type(await pending)
    async with asyncio.TaskGroup() as group:
        task = group.create_task(fetch_size("example.org/bb"))
    reveal_type(task)
    reveal_type(countdown)
    async for number in countdown(1):
        reveal_type(number)
    async with Session() as session:
        reveal_type(session)


if __name__ == "__main__":
    asyncio.run(main())
