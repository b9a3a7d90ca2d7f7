"""Four CPU-bound jobs, one after another: the baseline for three other ways."""

JOBS = 4


def count_primes(limit: int) -> int:
    """Count the primes below limit by trial division: pure Python, all CPU."""
    count = 0
    for number in range(2, limit):
        if all(number % divisor for divisor in range(2, int(number**0.5) + 1)):
            count += 1
    return count


def main() -> None:
    counts = [count_primes(500_000) for _ in range(JOBS)]
    print(f"{len(counts)} jobs, {sum(counts)} primes in all")


if __name__ == "__main__":
    main()
