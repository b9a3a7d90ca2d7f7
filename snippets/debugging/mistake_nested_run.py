"""A sync helper calls asyncio.run, and a coroutine calls the helper."""

import asyncio


async def fetch_price(item: str) -> float:
    await asyncio.sleep(0.1)  # stands in for a web request
    return {"tea": 3.5, "cake": 4.0}[item]


def price(item: str) -> float:
    """A handy sync wrapper, fine in a script."""
    return asyncio.run(fetch_price(item))


async def main() -> None:
    # the mistake: main runs in a loop
    total = price("tea") + price("cake")
    print(f"total: {total}")


if __name__ == "__main__":
    asyncio.run(main())
