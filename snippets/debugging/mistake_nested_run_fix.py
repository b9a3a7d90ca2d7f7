"""Inside a coroutine, await the coroutine function instead of the sync wrapper."""

import asyncio


async def fetch_price(item: str) -> float:
    await asyncio.sleep(0.1)  # stands in for a web request
    return {"tea": 3.5, "cake": 4.0}[item]


async def main() -> None:
    tea, cake = await asyncio.gather(fetch_price("tea"), fetch_price("cake"))
    print(f"total: {tea + cake}")


if __name__ == "__main__":
    asyncio.run(main())
