"""A timeout around a yield fires in the consumer's code, not in the generator."""

import asyncio
import time
from collections.abc import AsyncIterator


async def read_lines() -> AsyncIterator[str]:
    for number in range(1, 4):
        async with asyncio.timeout(0.3):  # meant for the read
            await asyncio.sleep(0.05)  # the read: well within 0.3 s
            # the mistake: suspends
            # inside the timeout
            yield f"line {number}"


async def main() -> None:
    start = time.perf_counter()
    try:
        async for line in read_lines():
            print(f"main: saving {line}")
            await asyncio.sleep(0.3)  # a slow save, outside the generator
    except TimeoutError:
        print("main: a read took too long")  # never runs
    finally:
        print(f"main: stopped after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
