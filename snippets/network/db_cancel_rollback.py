"""A task cancelled inside a transaction: the query stops and the insert is undone."""

import asyncio
import os
import sys
import time

import asyncpg


async def place_order(connection: asyncpg.Connection, inserted: asyncio.Event) -> None:
    # commits at the end of the block,
    # or rolls back if the block raises
    async with connection.transaction():
        await connection.execute("INSERT INTO orders (item) VALUES ('book')")
        print("inserted one order, not committed yet")
        inserted.set()
        # a 2 s query, cancelled midway
        await connection.execute("SELECT pg_sleep(2)")


async def main() -> None:
    if not (url := os.environ.get("DATABASE_URL")):
        sys.exit("Set DATABASE_URL, such as postgresql://postgres@127.0.0.1/postgres")
    connection = await asyncpg.connect(url, timeout=5, command_timeout=5)
    try:
        await connection.execute("CREATE TEMPORARY TABLE orders (item text)")
        inserted = asyncio.Event()
        task = asyncio.create_task(place_order(connection, inserted))
        async with asyncio.timeout(5):
            await inserted.wait()
        start = time.perf_counter()
        await asyncio.sleep(0.5)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            print(f"cancelled after {time.perf_counter() - start:.1f} s")
        orders = await connection.fetchval("SELECT count(*) FROM orders")
        print(f"orders in the table: {orders}")
        print(f"still in a transaction: {connection.is_in_transaction()}")
    finally:
        await connection.close()


if __name__ == "__main__":
    asyncio.run(main())
