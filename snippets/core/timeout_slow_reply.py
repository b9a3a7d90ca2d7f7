"""asyncio.timeout stops a 10 s wait after 0.5 s."""

import asyncio
import time


async def fetch_reply() -> str:
    await asyncio.sleep(10)  # a server that takes 10 s to answer
    return "reply"


async def main() -> None:
    start = time.perf_counter()
    try:
        async with asyncio.timeout(0.5):
            print(await fetch_reply())
    except TimeoutError as error:
        print(f"gave up after {time.perf_counter() - start:.1f} s: {error!r}")


if __name__ == "__main__":
    asyncio.run(main())
