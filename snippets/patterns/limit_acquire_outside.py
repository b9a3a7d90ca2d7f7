"""A semaphore held around create_task limits nothing: all 12 jobs run at once."""

import asyncio
import time
from collections import Counter

in_flight = 0
most_in_flight = 0


async def job(start: float) -> int:
    """Wait 1 s; return the second it started at."""
    global in_flight, most_in_flight
    started = round(time.perf_counter() - start)
    in_flight += 1
    most_in_flight = max(most_in_flight, in_flight)
    await asyncio.sleep(1)  # the job: a download, a query
    in_flight -= 1
    return started


async def main() -> None:
    limit = asyncio.Semaphore(4)
    start = time.perf_counter()
    jobs = []
    async with asyncio.TaskGroup() as group:
        for _ in range(12):
            # the mistake: released
            # once the task is created
            async with limit:
                jobs.append(group.create_task(job(start)))
    for second, count in sorted(Counter(task.result() for task in jobs).items()):
        print(f"{count} jobs started at {second} s")
    print(f"most jobs in flight at once: {most_in_flight}")


if __name__ == "__main__":
    asyncio.run(main())
