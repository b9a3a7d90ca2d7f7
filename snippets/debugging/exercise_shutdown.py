"""A price cache refreshes itself in the background until the service shuts down."""

import asyncio


async def refresh_prices() -> None:
    for refresh in range(1, 7):  # a real refresher loops until it is cancelled
        try:
            await asyncio.sleep(0.5)  # stands in for fetching the new prices
            print(f"prices refreshed ({refresh})")
        except asyncio.CancelledError:
            print("refresh stopped, cache saved")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        refresher = group.create_task(refresh_prices())
        await asyncio.sleep(0.75)  # the service serves requests meanwhile
        print("shutting down")
        refresher.cancel()
    print("shut down")


if __name__ == "__main__":
    asyncio.run(main())
