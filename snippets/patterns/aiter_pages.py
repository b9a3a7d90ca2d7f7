"""async for awaits an async generator's items one at a time, in order."""

import asyncio
import time
from collections.abc import AsyncIterator

START = time.perf_counter()


def now() -> str:
    return f"{time.perf_counter() - START:.1f} s"


async def read_pages(count: int) -> AsyncIterator[str]:
    """Yield one page at a time; the sleep stands in for a network wait."""
    for number in range(1, count + 1):
        await asyncio.sleep(0.5)
        yield f"page {number}"


async def main() -> None:
    async for page in read_pages(3):
        print(f"{page} at {now()}")
    titles = [page.title() async for page in read_pages(2)]
    print(f"{titles} at {now()}")


if __name__ == "__main__":
    asyncio.run(main())
