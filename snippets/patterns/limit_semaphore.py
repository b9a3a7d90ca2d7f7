"""A semaphore lets at most 4 of 12 one-second jobs run at the same time."""

import asyncio
import time
from collections import Counter

in_flight = 0
most_in_flight = 0


async def job(limit: asyncio.Semaphore, start: float) -> int:
    """Hold one of the limit's slots for 1 s; return the second it started at."""
    global in_flight, most_in_flight
    async with limit:
        started = round(time.perf_counter() - start)
        in_flight += 1
        most_in_flight = max(most_in_flight, in_flight)
        await asyncio.sleep(1)  # the job: a download, a query
        in_flight -= 1
    return started


async def main() -> None:
    limit = asyncio.Semaphore(4)
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        jobs = [group.create_task(job(limit, start)) for _ in range(12)]
    for second, count in sorted(Counter(task.result() for task in jobs).items()):
        print(f"{count} jobs started at {second} s")
    print(f"most jobs in flight at once: {most_in_flight}")


if __name__ == "__main__":
    asyncio.run(main())
