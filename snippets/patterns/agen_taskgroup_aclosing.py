"""aclosing closes the generator at once, but the wrong code was cancelled first."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import aclosing


async def keep_alive() -> None:
    await asyncio.sleep(0.15)
    raise ConnectionError("keep-alive lost")


async def watch_feed() -> AsyncIterator[str]:
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(keep_alive())
            for number in range(1, 4):
                await asyncio.sleep(0.05)
                yield f"event {number}"  # still suspends inside the group
    finally:
        print("feed: closed")


async def main() -> None:
    try:
        async with aclosing(watch_feed()) as feed:
            async for event in feed:
                print(f"main: handling {event}")
                try:
                    await asyncio.sleep(0.4)  # the consumer's own work
                except asyncio.CancelledError:
                    print("main: my work was cancelled")
                    raise
    except* ConnectionError:
        print("main: the feed failed")


if __name__ == "__main__":
    asyncio.run(main())
