"""The same ten thousand calls, all on one loop through asyncio.Runner."""

import asyncio


async def double(number: int) -> int:
    await asyncio.sleep(0)  # one trip through the event loop
    return 2 * number


def main() -> None:
    with asyncio.Runner() as runner:
        total = sum(runner.run(double(number)) for number in range(10_000))
    print(f"10000 calls, total {total}")


if __name__ == "__main__":
    main()
