"""A task group around a yield: its failing child cancels the consumer instead."""

import asyncio
from collections.abc import AsyncIterator


async def keep_alive() -> None:
    await asyncio.sleep(0.15)
    raise ConnectionError("keep-alive lost")


async def watch_feed() -> AsyncIterator[str]:
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(keep_alive())
            for number in range(1, 4):
                await asyncio.sleep(0.05)
                # the mistake: suspends
                # inside the group
                yield f"event {number}"
    finally:
        print("feed: closed")


async def main() -> None:
    try:
        async for event in watch_feed():
            print(f"main: handling {event}")
            await asyncio.sleep(0.4)  # the consumer's own work
    except* ConnectionError:
        print("main: the feed failed")  # never runs


if __name__ == "__main__":
    asyncio.run(main())
