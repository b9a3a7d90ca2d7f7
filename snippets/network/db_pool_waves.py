"""Twelve queries through a pool of four connections: three waves of 0.5 s."""

import asyncio
import os
import sys
import time

import asyncpg


async def query(pool: asyncpg.Pool, start: float) -> float:
    # waits here for a free connection
    async with pool.acquire(timeout=10) as connection:
        waited = time.perf_counter() - start
        await connection.execute("SELECT pg_sleep(0.5)")
    return waited


async def main() -> None:
    if not (url := os.environ.get("DATABASE_URL")):
        sys.exit("Set DATABASE_URL, such as postgresql://postgres@127.0.0.1/postgres")
    pool = asyncpg.create_pool(url, min_size=4, max_size=4, command_timeout=5)
    async with pool:
        start = time.perf_counter()
        waits = await asyncio.gather(*(query(pool, start) for _ in range(12)))
        print(f"12 queries of 0.5 s, pool of 4: {time.perf_counter() - start:.1f} s")
        print(f"longest wait for a connection: {max(waits):.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
