"""The same four CPU-bound jobs in a process pool: they share the cores."""

import asyncio
from concurrent.futures import ProcessPoolExecutor


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def job(name: str, pool: ProcessPoolExecutor) -> str:
    loop = asyncio.get_running_loop()
    primes = await loop.run_in_executor(pool, count_primes, 500_000)
    return f"{name}: {primes} primes"


async def main(pool: ProcessPoolExecutor) -> None:
    reports = await asyncio.gather(*(job(f"job {n}", pool) for n in range(1, 5)))
    for report in reports:
        print(report)


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=4) as pool:  # lives longer than the loop
        asyncio.run(main(pool))
