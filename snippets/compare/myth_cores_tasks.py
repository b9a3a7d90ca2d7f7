"""One CPU-bound job split into four tasks: the tasks take turns on one core."""

import asyncio

N = 24_000_000


def sum_squares(start: int, stop: int) -> int:
    """Pure-Python arithmetic: all CPU, no waiting."""
    return sum(number * number for number in range(start, stop))


async def part(start: int, stop: int) -> int:
    return sum_squares(start, stop)


async def main() -> None:
    quarter = N // 4
    async with asyncio.TaskGroup() as group:
        parts = [
            group.create_task(part(start, start + quarter))
            for start in range(0, N, quarter)
        ]
    print(f"sum of squares below {N:,}: {sum(p.result() for p in parts):,}")


if __name__ == "__main__":
    asyncio.run(main())
