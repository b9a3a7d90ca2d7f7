"""Queue.shutdown (Python 3.13) stops the workers once the queue is empty."""

import asyncio
import time


async def worker(queue: asyncio.Queue[int]) -> list[int]:
    """Handle items until the queue is shut down and empty; return them."""
    handled: list[int] = []
    while True:
        try:
            item = await queue.get()
        except asyncio.QueueShutDown:
            return handled
        await asyncio.sleep(0.5)  # handle the item: a download, a write
        handled.append(item)
        queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue(maxsize=3)
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        workers = [group.create_task(worker(queue)) for _ in range(3)]
        for item in range(1, 10):
            await queue.put(item)
        queue.shutdown()  # no more items; the workers finish what is queued
        print(f"shut down at {time.perf_counter() - start:.1f} s")
        try:
            await queue.put(10)
        except asyncio.QueueShutDown:
            print("put after shutdown: QueueShutDown")
    print("the workers have returned")
    print(f"items each worker handled: {[task.result() for task in workers]}")
    print(f"tasks still running: {len(asyncio.all_tasks())} (main itself)")


if __name__ == "__main__":
    asyncio.run(main())
