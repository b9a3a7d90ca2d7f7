"""The fix: a pool shut down off the loop's thread, so the loop runs on meanwhile."""

import asyncio
import itertools
import time

START = time.perf_counter()


async def heartbeat(beats: list[float]) -> None:
    for _ in range(10):  # ten beats 0.2 s apart: 2 s, if the loop stays free
        await asyncio.sleep(0.2)
        beats.append(time.perf_counter() - START)


async def export() -> None:
    # the default pool: asyncio.run shuts it down in another thread
    await asyncio.to_thread(time.sleep, 2)  # a 2 s blocking job


async def main() -> None:
    beats: list[float] = []
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat(beats))
        try:
            async with asyncio.timeout(0.5):
                await export()
        except TimeoutError:
            print(f"the 0.5 s timeout raised at {time.perf_counter() - START:.1f} s")
    silence = max(later - earlier for earlier, later in itertools.pairwise(beats))
    print(f"longest silence between beats: {silence:.1f} s")
    print(f"ten beats of 0.2 s ended at {time.perf_counter() - START:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
