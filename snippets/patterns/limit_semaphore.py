"""A semaphore lets at most 4 of 12 one-second jobs run at the same time."""

import asyncio
import time
from collections import Counter

running: set[int] = set()
most_at_once = 0


async def job(number: int, limit: asyncio.Semaphore, starts: Counter[int]) -> None:
    global most_at_once
    async with limit:
        running.add(number)
        most_at_once = max(most_at_once, len(running))
        starts[round(time.perf_counter() - START)] += 1
        await asyncio.sleep(1)  # the job: a download, a query
        running.discard(number)


async def main() -> None:
    limit = asyncio.Semaphore(4)
    starts: Counter[int] = Counter()
    async with asyncio.TaskGroup() as group:
        for number in range(12):
            group.create_task(job(number, limit, starts))
    for second, count in sorted(starts.items()):
        print(f"{count} jobs started at {second} s")
    print(f"most jobs in flight at once: {most_at_once}")
    print(f"total: {time.perf_counter() - START:.1f} s")


if __name__ == "__main__":
    START = time.perf_counter()
    asyncio.run(main())
