"""One CPU-bound job: the baseline for the next two programs."""

import asyncio


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def job(name: str) -> str:
    return f"{name}: {count_primes(500_000)} primes"


async def main() -> None:
    print(await job("job 1"))


if __name__ == "__main__":
    asyncio.run(main())
