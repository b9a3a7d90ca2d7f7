"""Breaking out of async for leaves the generator open: its finally runs much later."""

import asyncio
from collections.abc import AsyncIterator


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
    pages = read_pages()
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
