"""Show the shipping cost at checkout: the live quote, or else the flat rate."""

import asyncio

FLAT_RATE = "4.95 EUR (flat rate)"


async def fetch_quote(country: str) -> str:
    await asyncio.sleep(2)  # stands in for the quote service, slow today
    return "7.20 EUR"


async def shipping_cost(country: str) -> str:
    try:
        return await fetch_quote(country)
    except TimeoutError:  # no quote in time: charge the flat rate
        return FLAT_RATE


async def main() -> None:
    print(f"shipping to NL: {await shipping_cost('NL')}")


if __name__ == "__main__":
    asyncio.run(main())
