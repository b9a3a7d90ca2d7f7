"""The same 16 chunks in a pool of 4 processes: the cores share the work."""

import asyncio
from concurrent.futures import ProcessPoolExecutor

LIMIT = 1_000_000
CHUNK = 62_500


def count_primes(start: int, stop: int) -> int:
    """Count the primes in [start, stop) by trial division: pure Python, all CPU."""
    count = 0
    for number in range(max(start, 2), stop):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def main(pool: ProcessPoolExecutor) -> None:
    loop = asyncio.get_running_loop()
    jobs = [
        loop.run_in_executor(pool, count_primes, start, start + CHUNK)
        for start in range(0, LIMIT, CHUNK)
    ]
    counts = await asyncio.gather(*jobs)
    print(f"{len(counts)} chunks, {sum(counts)} primes below {LIMIT:,}")


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=4) as pool:  # lives longer than the loop
        asyncio.run(main(pool))
