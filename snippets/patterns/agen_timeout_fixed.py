"""The timeout covers the read only; the yield comes after it."""

import asyncio
import time
from collections.abc import AsyncIterator


async def read_lines() -> AsyncIterator[str]:
    for number in range(1, 4):
        async with asyncio.timeout(0.3):
            await asyncio.sleep(0.05)  # the read, and nothing else
            line = f"line {number}"
        yield line  # outside the timeout: the consumer may take its time


async def main() -> None:
    start = time.perf_counter()
    try:
        async for line in read_lines():
            print(f"main: saving {line}")
            await asyncio.sleep(0.3)
    except TimeoutError:
        print("main: a read took too long")
    finally:
        print(f"main: stopped after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
