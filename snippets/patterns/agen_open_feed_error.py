"""open_feed, unchanged, wraps an error from the caller's own block in a group."""

import asyncio
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


async def keep_alive() -> None:
    await asyncio.sleep(10)  # the next ping is due in 10 s


async def produce(events: asyncio.Queue[str]) -> None:
    for number in itertools.count(1):
        await asyncio.sleep(0.05)
        await events.put(f"event {number}")


@asynccontextmanager
async def open_feed() -> AsyncIterator[asyncio.Queue[str]]:
    events: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(keep_alive()), group.create_task(produce(events))]
        try:
            yield events  # safe: the caller's block runs inside the group
        finally:
            for task in tasks:
                task.cancel()  # the group awaits them as it exits
    print("feed: closed")


async def main() -> None:
    try:
        try:
            async with open_feed() as events:
                event = await events.get()
                raise KeyError(event)  # the caller's own error, not the feed's
        except KeyError:
            print("main: except KeyError caught it")
    except ExceptionGroup as group:
        print(f"main: got {group!r}")


if __name__ == "__main__":
    asyncio.run(main())
