"""The same four CPU-bound jobs through asyncio.to_thread: the GIL runs them in turn."""

import asyncio


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def main() -> None:
    jobs = (asyncio.to_thread(count_primes, 250_000) for _ in range(4))
    results = await asyncio.gather(*jobs)
    print(f"{len(results)} jobs, {sum(results)} primes in all")


if __name__ == "__main__":
    asyncio.run(main())
