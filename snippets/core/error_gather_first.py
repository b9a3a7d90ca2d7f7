"""gather raises the first error; a second error stays on its task, unseen."""

import asyncio


async def fetch(name: str, seconds: float, error: Exception | None = None) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    if error is not None:
        raise error
    return name


async def main() -> None:
    prices = asyncio.create_task(fetch("prices", 0, ValueError("bad price")))
    stock = asyncio.create_task(fetch("stock", 0, ConnectionError("stock is down")))
    reviews = asyncio.create_task(fetch("reviews", 1))
    try:
        await asyncio.gather(prices, stock, reviews)
    except ValueError as error:
        print(f"main: caught {error!r}")
    print(f"main: stock's error, never raised: {stock.exception()!r}")


if __name__ == "__main__":
    asyncio.run(main())
