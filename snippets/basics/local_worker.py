"""A process pool pickles the function it runs, so the function must be importable."""

import asyncio
from concurrent.futures import ProcessPoolExecutor


async def main(pool: ProcessPoolExecutor) -> None:
    # wrong: defined inside main
    def count_primes(limit: int) -> int:
        return sum(all(n % d for d in range(2, n)) for n in range(2, limit))

    loop = asyncio.get_running_loop()
    print(await loop.run_in_executor(pool, count_primes, 100))


if __name__ == "__main__":
    with ProcessPoolExecutor() as pool:
        asyncio.run(main(pool))
