"""Sync code makes several async calls on one event loop with asyncio.Runner."""

import asyncio


class PriceClient:
    """Keeps a lock for its connection; the lock belongs to the loop it waits on."""

    def __init__(self) -> None:
        self.connection = asyncio.Lock()

    async def price(self, item: str) -> float:
        async with self.connection:  # one request at a time on the connection
            await asyncio.sleep(0.1)  # stands in for a web request
            return {"tea": 3.5, "cake": 4.0, "scone": 2.5}[item]

    async def total(self, items: list[str]) -> float:
        return sum(await asyncio.gather(*(self.price(item) for item in items)))


def main() -> None:
    """Plain sync code, such as a command-line tool or a sync test."""
    client = PriceClient()
    with asyncio.Runner() as runner:  # one loop, closed at the end of the block
        print(f"tea and cake: {runner.run(client.total(['tea', 'cake']))}")
        print(f"scones: {runner.run(client.total(['scone', 'scone']))}")


if __name__ == "__main__":
    main()
