"""Three coroutines awaited one after another run one after another."""

import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"{time.perf_counter() - START:.1f} s"


async def brew(drink: str) -> str:
    print(f"{drink} started at {now()}")
    await asyncio.sleep(1)  # stands in for any one-second wait
    return drink


async def main() -> None:
    await brew("tea")
    await brew("coffee")
    await brew("cocoa")
    print(f"all three done at {now()}")


if __name__ == "__main__":
    asyncio.run(main())
