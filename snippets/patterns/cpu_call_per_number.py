"""One pool call per number: each call costs more than the work it carries."""

import asyncio
from concurrent.futures import ProcessPoolExecutor


def is_prime(number: int) -> bool:
    """Trial division: pure Python, all CPU."""
    return number > 1 and all(number % d for d in range(2, int(number**0.5) + 1))


async def main(pool: ProcessPoolExecutor) -> None:
    loop = asyncio.get_running_loop()
    calls = [loop.run_in_executor(pool, is_prime, number) for number in range(10_000)]
    found = sum(await asyncio.gather(*calls))
    print(f"{found} primes below 10,000")


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=4) as pool:  # lives longer than the loop
        asyncio.run(main(pool))
