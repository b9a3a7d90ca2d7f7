"""db_leak.py with `async with pool.acquire()`: every connection goes back."""

import asyncio
import os
import sys
import time

import asyncpg


async def handle(pool: asyncpg.Pool, request: str) -> str:
    # the fix: released however it ends
    async with pool.acquire(timeout=0.5) as connection:
        if not request.isdigit():
            raise ValueError(f"not a number: {request!r}")
        doubled = await connection.fetchval("SELECT $1::int * 2", int(request))
    return str(doubled)


async def main() -> None:
    if not (url := os.environ.get("DATABASE_URL")):
        sys.exit("Set DATABASE_URL, such as postgresql://postgres@127.0.0.1/postgres")
    pool = asyncpg.create_pool(url, min_size=2, max_size=2, command_timeout=5)
    async with pool:
        for request in ["1", "two", "3", "four", "5"]:
            start = time.perf_counter()
            try:
                print(f"{request}: {await handle(pool, request)}")
            except (ValueError, TimeoutError) as error:
                print(f"{request}: {error!r} after {time.perf_counter() - start:.1f} s")
        print(f"pool: {pool.get_size()} connections, {pool.get_idle_size()} idle")
        # close() waits for them all
        try:
            async with asyncio.timeout(1):
                await pool.close()
        except TimeoutError:
            print("close() still waiting after 1.0 s: the pool is terminated")


if __name__ == "__main__":
    asyncio.run(main())
