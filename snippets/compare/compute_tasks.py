"""The same four jobs as asyncio tasks: they never await, so they run in turn."""

import asyncio

JOBS = 4


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def job() -> int:
    return count_primes(500_000)


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for _ in range(JOBS)]
    counts = [task.result() for task in tasks]
    print(f"{len(counts)} jobs, {sum(counts)} primes in all")


if __name__ == "__main__":
    asyncio.run(main())
