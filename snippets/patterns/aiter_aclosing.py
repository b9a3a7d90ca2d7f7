"""contextlib.aclosing closes the generator when the block ends, however it ends."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import aclosing


async def read_pages() -> AsyncIterator[int]:
    print("reader: connection opened")
    try:
        for number in range(1, 4):
            await asyncio.sleep(0.1)
            yield number
    except (GeneratorExit, asyncio.CancelledError) as stop:
        print(f"reader: stopped by {type(stop).__name__}")
        raise
    finally:
        print("reader: connection closed")


async def main() -> None:
    async with aclosing(read_pages()) as pages:
        async for page in pages:
            print(f"main: got page {page}")
            if page == 2:
                break
    print("main: left the loop")
    await asyncio.sleep(0.2)
    print("main: returns")


if __name__ == "__main__":
    asyncio.run(main())
    print("asyncio.run returned")
