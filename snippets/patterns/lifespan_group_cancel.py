"""Python 3.15+: a lifespan stops all its background tasks with TaskGroup.cancel()."""

import asyncio
import contextlib


async def refresh(name: str, stopped: list[str]) -> None:
    rounds = 0
    try:
        while True:
            await asyncio.sleep(0.1)
            rounds += 1  # stands in for periodic work: metrics, a cache refresh
    finally:
        stopped.append(name)  # a real task releases what it holds here


async def main() -> None:
    stopped: list[str] = []
    async with contextlib.AsyncExitStack() as stack:
        group = await stack.enter_async_context(asyncio.TaskGroup())
        # on the way out, cancel every task in the group; the group then waits
        stack.callback(group.cancel)
        group.create_task(refresh("metrics", stopped))
        group.create_task(refresh("cache", stopped))
        print("serving")
        await asyncio.sleep(0.5)  # the service runs for 0.5 s
        print("shutting down")
    print(f"stopped: {sorted(stopped)}")
    print("all closed")


if __name__ == "__main__":
    asyncio.run(main())
