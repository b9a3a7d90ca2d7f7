"""A sync helper that calls asyncio.run, called from inside a coroutine."""

import asyncio


async def fetch_rates() -> dict[str, float]:
    await asyncio.sleep(0.1)  # stands in for a web request
    return {"EUR": 1.0, "GBP": 0.85}


def convert(amount: float, currency: str) -> float:
    """Written for sync callers: fine in a script, wrong inside a coroutine."""
    rates = asyncio.run(fetch_rates())
    return amount * rates[currency]


async def handle_order() -> None:
    # the mistake: a loop runs here
    print(f"total: {convert(20.0, 'GBP')}")


if __name__ == "__main__":
    asyncio.run(handle_order())
