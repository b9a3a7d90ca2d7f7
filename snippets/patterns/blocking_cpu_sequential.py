"""Four CPU-bound jobs, one after another: the baseline for the threaded version."""

import asyncio


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def main() -> None:
    results = [count_primes(250_000) for _ in range(4)]
    print(f"{len(results)} jobs, {sum(results)} primes in all")


if __name__ == "__main__":
    asyncio.run(main())
