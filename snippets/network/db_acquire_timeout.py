"""A pool with every connection busy: acquire(timeout=...) gives up in time."""

import asyncio
import os
import sys
import time

import asyncpg


async def query(pool: asyncpg.Pool) -> str:
    start = time.perf_counter()
    try:
        async with pool.acquire(timeout=0.2) as connection:
            await connection.execute("SELECT pg_sleep(1)")
    # no connection came free in 0.2 s
    except TimeoutError as error:
        return f"{error!r} after {time.perf_counter() - start:.1f} s"
    return f"done after {time.perf_counter() - start:.1f} s"


async def main() -> None:
    if not (url := os.environ.get("DATABASE_URL")):
        sys.exit("Set DATABASE_URL, such as postgresql://postgres@127.0.0.1/postgres")
    async with asyncpg.create_pool(
        url, min_size=2, max_size=2, command_timeout=5
    ) as pool:
        results = await asyncio.gather(*(query(pool) for _ in range(3)))
    for number, result in enumerate(results, start=1):
        print(f"query {number}: {result}")


if __name__ == "__main__":
    asyncio.run(main())
