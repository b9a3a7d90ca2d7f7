"""Ask three carriers for a shipping rate, through the carriers' sync client."""

import asyncio
import time

RATES = {"parcelnet": "12.40 EUR", "swiftship": "11.90 EUR", "roadrunner": "13.10 EUR"}


def get_rate(carrier: str) -> str:
    """The carriers' client: a plain function that waits 1 s for the reply."""
    time.sleep(1)  # stands in for the client's blocking HTTP request
    return RATES[carrier]


async def quote(carrier: str) -> str:
    rate = await asyncio.to_thread(get_rate, carrier)
    return f"{carrier}: {rate}"


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        quotes = [group.create_task(quote(carrier)) for carrier in RATES]
    for task in quotes:
        print(task.result())


if __name__ == "__main__":
    asyncio.run(main())
