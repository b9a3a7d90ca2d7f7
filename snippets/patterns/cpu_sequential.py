"""Count the primes below 640,000 in 16 chunks, one after another, in one process."""

import asyncio

LIMIT = 1_000_000
CHUNK = 62_500


def count_primes(start: int, stop: int) -> int:
    """Count the primes in [start, stop) by trial division: pure Python, all CPU."""
    count = 0
    for number in range(max(start, 2), stop):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


async def main() -> None:
    counts = [count_primes(start, start + CHUNK) for start in range(0, LIMIT, CHUNK)]
    print(f"{len(counts)} chunks, {sum(counts)} primes below {LIMIT:,}")


if __name__ == "__main__":
    asyncio.run(main())
