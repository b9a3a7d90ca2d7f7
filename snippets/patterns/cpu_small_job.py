"""Count the primes below 10,000 in one process: the baseline for the next program."""

import asyncio


def is_prime(number: int) -> bool:
    """Trial division: pure Python, all CPU."""
    return number > 1 and all(number % d for d in range(2, int(number**0.5) + 1))


async def main() -> None:
    found = sum(is_prime(number) for number in range(10_000))
    print(f"{found} primes below 10,000")


if __name__ == "__main__":
    asyncio.run(main())
