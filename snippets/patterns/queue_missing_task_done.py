"""A worker that skips task_done() for a failed item leaves join() waiting forever."""

import asyncio


async def worker(queue: asyncio.Queue[int | None]) -> None:
    while (order := await queue.get()) is not None:
        try:
            await asyncio.sleep(0.1)  # handle the order
            if order < 0:
                raise ValueError(f"order {order} has a negative number")
        except ValueError as error:
            print(f"skipped: {error}")
            # the mistake: this order
            # gets no task_done()
            continue
        print(f"handled order {order}")
        queue.task_done()
    queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=3)
    async with asyncio.TaskGroup() as group:
        group.create_task(worker(queue))
        for order in (1, -2, 3):
            await queue.put(order)
        try:
            async with asyncio.timeout(1):
                await queue.join()
        except TimeoutError:
            print(f"join() still waiting after 1 s; queue empty: {queue.empty()}")
        await queue.put(None)  # stop the worker


if __name__ == "__main__":
    asyncio.run(main())
