"""task_done() in a finally block: join() returns even when an item fails."""

import asyncio


async def worker(queue: asyncio.Queue[int | None]) -> None:
    while (order := await queue.get()) is not None:
        try:
            await asyncio.sleep(0.1)  # handle the order
            if order < 0:
                raise ValueError(f"order {order} has a negative number")
            print(f"handled order {order}")
        except ValueError as error:
            print(f"skipped: {error}")
        finally:
            queue.task_done()  # once for every get(), whatever happened
    queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=3)
    async with asyncio.TaskGroup() as group:
        group.create_task(worker(queue))
        for order in (1, -2, 3):
            await queue.put(order)
        await queue.join()
        print("join() returned: every order is done")
        await queue.put(None)  # stop the worker


if __name__ == "__main__":
    asyncio.run(main())
