"""The same program on an asyncio.Queue: no clones, so main shuts it down."""

import asyncio
import time


async def produce(name: str, queue: asyncio.Queue[str]) -> None:
    for number in range(1, 4):
        await queue.put(f"{name}{number}")  # waits while the queue is full


async def consume(queue: asyncio.Queue[str], start: float) -> None:
    handled: list[str] = []
    async with asyncio.timeout(2):  # a safety net, not the way it ends
        while True:
            try:
                item = await queue.get()
            except asyncio.QueueShutDown:  # shut down, and nothing left (3.13+)
                break
            await asyncio.sleep(0.1)  # handle the item: a slow write
            handled.append(item)
    print(f"consumer: {sorted(handled)}")
    print(f"consumer done at {time.perf_counter() - start:.1f} s: the queue shut down")


async def main() -> None:
    start = time.perf_counter()
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=1)
    async with asyncio.TaskGroup() as group:
        group.create_task(consume(queue, start))
        async with asyncio.TaskGroup() as producers:
            for name in "ABC":
                producers.create_task(produce(name, queue))
        queue.shutdown()  # every producer has returned: no more items (3.13+)
        print(f"producers done at {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
