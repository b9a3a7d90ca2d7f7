"""The same four jobs in four threads: with the GIL, they take turns."""

import asyncio

JOBS = 4


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        tasks = [
            group.create_task(asyncio.to_thread(count_primes, 500_000))
            for _ in range(JOBS)
        ]
    counts = [task.result() for task in tasks]
    print(f"{len(counts)} jobs, {sum(counts)} primes in all")


if __name__ == "__main__":
    asyncio.run(main())
