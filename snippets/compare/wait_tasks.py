"""The same ten waits as asyncio tasks: they overlap on one thread."""

import asyncio

WAITS = 10


async def wait(seconds: float) -> None:
    """A wait that hands the thread back to the event loop."""
    await asyncio.sleep(seconds)


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        for _ in range(WAITS):
            group.create_task(wait(0.3))
    print(f"{WAITS} waits done")


if __name__ == "__main__":
    asyncio.run(main())
