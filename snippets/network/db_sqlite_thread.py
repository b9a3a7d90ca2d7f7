"""aiosqlite runs each connection's queries in a thread of its own, one at a time."""

import asyncio
import contextlib
import threading
import time

import aiosqlite


def slow_step(seconds: float) -> str:
    # stands in for a query this slow
    time.sleep(seconds)
    return threading.current_thread().name


async def query(db: aiosqlite.Connection) -> str:
    async with db.execute("SELECT slow_step(0.5)") as cursor:
        row = await cursor.fetchone()
    return row[0] if row else ""


async def four_queries(connections: int) -> None:
    start = time.perf_counter()
    # closes every connection
    async with contextlib.AsyncExitStack() as stack:
        dbs = []
        for _ in range(connections):
            db = await stack.enter_async_context(aiosqlite.connect(":memory:"))
            await db.create_function("slow_step", 1, slow_step)
            dbs.append(db)
        queries = (query(dbs[n % connections]) for n in range(4))
        names = sorted(set(await asyncio.gather(*queries)))
    print(
        f"4 queries, {connections} connection(s): {time.perf_counter() - start:.1f} s"
    )
    print(f"  in {len(names)} thread(s): {names[0]}{', ...' if names[1:] else ''}")


async def main() -> None:
    print(f"the event loop runs in {threading.current_thread().name}")
    await four_queries(connections=1)
    await four_queries(connections=4)


if __name__ == "__main__":
    asyncio.run(main())
