"""The trap: a `with` pool block inside a coroutine blocks the loop on its way out."""

import asyncio
import itertools
import time
from concurrent.futures import ThreadPoolExecutor

START = time.perf_counter()


async def heartbeat(beats: list[float]) -> None:
    for _ in range(10):  # ten beats 0.2 s apart: 2 s, if the loop stays free
        await asyncio.sleep(0.2)
        beats.append(time.perf_counter() - START)


async def export(loop: asyncio.AbstractEventLoop) -> None:
    with ThreadPoolExecutor() as pool:  # the trap: leaving it waits for the job
        await loop.run_in_executor(pool, time.sleep, 2)  # a 2 s blocking job


async def main() -> None:
    beats: list[float] = []
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat(beats))
        try:
            async with asyncio.timeout(0.5):
                await export(asyncio.get_running_loop())
        except TimeoutError:
            print(f"the 0.5 s timeout raised at {time.perf_counter() - START:.1f} s")
    silence = max(later - earlier for earlier, later in itertools.pairwise(beats))
    print(f"longest silence between beats: {silence:.1f} s")
    print(f"ten beats of 0.2 s ended at {time.perf_counter() - START:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
