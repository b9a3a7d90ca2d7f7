"""A task cancelled on the way out but not awaited cleans up after the pool closed."""

import asyncio
import contextlib
from collections.abc import AsyncIterator


@contextlib.asynccontextmanager
async def open_pool(size: int) -> AsyncIterator[asyncio.Queue[str]]:
    pool: asyncio.Queue[str] = asyncio.Queue(maxsize=size)  # stands in for a DB pool
    for number in range(size):
        pool.put_nowait(f"connection {number}")
    print(f"pool: {size} connections open")
    try:
        yield pool
    finally:
        print("pool: closed")


async def refresh_cache(pool: asyncio.Queue[str]) -> None:
    connection = await pool.get()
    refreshes = 0
    try:
        while True:
            await asyncio.sleep(0.1)
            refreshes += 1  # stands in for a query on the connection
    finally:
        pool.put_nowait(connection)
        print(f"refresh: gave back {connection}")


async def main() -> None:
    async with contextlib.AsyncExitStack() as stack:
        pool = await stack.enter_async_context(open_pool(2))
        task = asyncio.create_task(refresh_cache(pool))
        # wrong: asks the task to stop,
        # does not wait
        stack.callback(task.cancel)
        await asyncio.sleep(0.2)  # serving
    print("all closed")


if __name__ == "__main__":
    asyncio.run(main())
