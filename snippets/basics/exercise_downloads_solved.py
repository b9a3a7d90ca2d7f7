"""Download three files for a morning report, then list what arrived."""

import asyncio


async def download(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)  # stands in for the network
    return f"{name}: downloaded"


async def main() -> None:
    # the fix: the three wait at once
    sales, stock, prices = await asyncio.gather(
        download("sales.csv", 1.0),
        download("stock.csv", 0.8),
        download("prices.csv", 0.6),
    )
    for line in (sales, stock, prices):
        print(line)


if __name__ == "__main__":
    asyncio.run(main())
