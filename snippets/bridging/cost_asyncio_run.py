"""Ten thousand calls from sync code, each through asyncio.run: a new loop each time."""

import asyncio


async def double(number: int) -> int:
    await asyncio.sleep(0)  # one trip through the event loop
    return 2 * number


def main() -> None:
    total = sum(asyncio.run(double(number)) for number in range(10_000))
    print(f"10000 calls, total {total}")


if __name__ == "__main__":
    main()
