"""The same two generators, typed so that mypy accepts how they are used."""

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import aclosing
from typing import Protocol


class Feed(Protocol):
    # a plain def: calling titles() gives the iterator, with nothing to await
    def titles(self) -> AsyncIterator[str]: ...


class NewsFeed:
    async def titles(self) -> AsyncIterator[str]:
        for title in ["rates rise", "rain ahead"]:
            await asyncio.sleep(0.05)  # stands in for a read
            yield title


# AsyncGenerator promises aclose(), which aclosing calls; AsyncIterator does not
async def countdown(start: int) -> AsyncGenerator[int, None]:
    try:
        for number in range(start, 0, -1):
            await asyncio.sleep(0.05)
            yield number
    finally:
        print("countdown closed")


async def show(feed: Feed) -> None:
    async for title in feed.titles():
        print(title)


async def main() -> None:
    await show(NewsFeed())
    async with aclosing(countdown(3)) as numbers:
        async for number in numbers:
            print(number)
            break


if __name__ == "__main__":
    asyncio.run(main())
