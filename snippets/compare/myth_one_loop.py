"""The same hundred thousand jobs, awaited one after another in one coroutine."""

import asyncio

ITEMS = range(100_000)


async def square(number: int) -> int:
    return number * number  # CPU-trivial, and nothing to wait for


async def main() -> None:
    total = 0
    for number in ITEMS:
        total += await square(number)
    print(f"1 task, total {total:,}")


if __name__ == "__main__":
    asyncio.run(main())
