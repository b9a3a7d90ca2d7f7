"""An initializer runs once in each worker: it hands every job there the same table."""

import asyncio
from concurrent.futures import ProcessPoolExecutor

LIMIT = 1_000_000
CHUNK = 62_500
DIVISORS: list[int] = []  # each worker process fills its own copy


def load_table(primes: list[int]) -> None:
    """Runs once in each worker process, before its first job."""
    DIVISORS.extend(primes)


def count_primes(start: int, stop: int) -> int:
    """Count the primes in [start, stop), trying only the prime divisors."""
    count = 0
    for number in range(max(start, 2), stop):
        root = int(number**0.5)
        if all(number % d for d in DIVISORS if d <= root):
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
    table = [n for n in range(2, 1001) if all(n % d for d in range(2, n))]
    with ProcessPoolExecutor(4, initializer=load_table, initargs=(table,)) as pool:
        asyncio.run(main(pool))
