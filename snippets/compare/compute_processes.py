"""The same four jobs in a pool of four processes: they share the cores."""

import asyncio
from concurrent.futures import ProcessPoolExecutor

JOBS = 4


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def main(pool: ProcessPoolExecutor) -> None:
    loop = asyncio.get_running_loop()
    jobs = [loop.run_in_executor(pool, count_primes, 500_000) for _ in range(JOBS)]
    counts = await asyncio.gather(*jobs)
    print(f"{len(counts)} jobs, {sum(counts)} primes in all")


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=JOBS) as pool:  # lives longer than the loop
        asyncio.run(main(pool))
