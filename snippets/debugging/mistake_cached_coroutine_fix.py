"""Cache the result, not the coroutine: a dict filled after the await."""

import asyncio

rates: dict[str, float] = {}


async def fetch_rate(currency: str) -> float:
    if currency not in rates:
        await asyncio.sleep(0.1)  # stands in for an HTTP request
        rates[currency] = 1.08
    return rates[currency]


async def main() -> None:
    print(f"first call: {await fetch_rate('EUR')}")
    print(f"second call: {await fetch_rate('EUR')}")


if __name__ == "__main__":
    asyncio.run(main())
