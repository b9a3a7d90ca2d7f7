"""Before Python 3.15, closing a generator that holds a task group raises."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import aclosing


async def keep_alive() -> None:
    await asyncio.sleep(10)  # the next ping is due in 10 s


async def watch_feed() -> AsyncIterator[str]:
    async with asyncio.TaskGroup() as group:
        group.create_task(keep_alive())
        for number in range(1, 4):
            await asyncio.sleep(0.05)
            yield f"event {number}"


async def main() -> None:
    async with aclosing(watch_feed()) as feed:
        async for event in feed:
            print(f"main: handling {event}")
            break  # one event is all main needs
    print("main: done")  # reached from Python 3.15 on


if __name__ == "__main__":
    asyncio.run(main())
