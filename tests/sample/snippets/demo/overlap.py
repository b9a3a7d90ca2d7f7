"""Two waits in a task group overlap: a sample program for the harness's tests."""

import asyncio
import time


async def main() -> None:
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(0.2))
        group.create_task(asyncio.sleep(0.3))
    print(f"both waits done after {time.perf_counter() - start:.1f} s")


asyncio.run(main())
