"""Three workers share a bounded queue; the producer waits while the queue is full."""

import asyncio
import time

WORKERS = 3


async def worker(queue: asyncio.Queue[int | None]) -> list[int]:
    """Handle items until the sentinel, None, arrives; return the items handled."""
    print(f"worker starts; queue size: {queue.qsize()}")
    handled: list[int] = []
    while (item := await queue.get()) is not None:
        await asyncio.sleep(0.5)  # handle the item: a download, a write
        handled.append(item)
        queue.task_done()
    queue.task_done()  # the sentinel counts as an item too
    return handled


async def main() -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=3)
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        workers = [group.create_task(worker(queue)) for _ in range(WORKERS)]
        for item in range(1, 10):
            await queue.put(item)  # waits while the queue holds 3 items
            print(f"queued item {item} at {time.perf_counter() - start:.1f} s")
        await queue.join()
        print("join() returned: every item is handled")
        for _ in range(WORKERS):
            await queue.put(None)  # one sentinel per worker: stop
    print(f"items each worker handled: {[task.result() for task in workers]}")
    print(f"tasks still running: {len(asyncio.all_tasks())} (main itself)")


if __name__ == "__main__":
    asyncio.run(main())
