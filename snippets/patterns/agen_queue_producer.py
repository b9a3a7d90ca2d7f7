"""The consumer owns the task group; a producer task fills a bounded queue."""

import asyncio
import itertools


async def keep_alive() -> None:
    await asyncio.sleep(0.65)
    raise ConnectionError("keep-alive lost")


async def produce(events: asyncio.Queue[str]) -> None:
    for number in itertools.count(1):
        await asyncio.sleep(0.05)  # the next event arrives
        await events.put(f"event {number}")  # waits while the queue is full


async def main() -> None:
    events: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(keep_alive())
            group.create_task(produce(events))
            while True:
                event = await events.get()
                print(f"main: handling {event}")
                await asyncio.sleep(0.4)  # the consumer's own work
    except* ConnectionError as failed:
        print(f"main: the feed failed: {failed.exceptions[0]}")


if __name__ == "__main__":
    asyncio.run(main())
