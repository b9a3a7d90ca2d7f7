"""A plain for loop cannot iterate an async generator."""

import asyncio
from collections.abc import AsyncIterator


async def read_pages() -> AsyncIterator[int]:
    for number in range(1, 4):
        await asyncio.sleep(0.1)
        yield number


async def main() -> None:
    # the mistake: needs async for
    for page in read_pages():
        print(f"got page {page}")


if __name__ == "__main__":
    asyncio.run(main())
