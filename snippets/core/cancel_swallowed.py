"""A task that swallows CancelledError keeps running, and its TaskGroup waits."""

import asyncio
import time


async def stubborn_worker() -> None:
    for _ in range(5):  # stands in for `while True`, so this program ends
        try:
            await asyncio.sleep(0.4)
        except asyncio.CancelledError:
            # the mistake
            print("worker: cancelled, carrying on")
    print("worker: all 5 ticks done")


async def main() -> None:
    start = time.perf_counter()
    try:
        async with asyncio.timeout(1.0), asyncio.TaskGroup() as group:
            group.create_task(stubborn_worker())
    except TimeoutError:
        print(f"main: the 1 s timeout ended after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
