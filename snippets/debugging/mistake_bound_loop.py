"""A module-level lock, used under two calls to asyncio.run."""

import asyncio

# the mistake: one lock for every call
lock = asyncio.Lock()


async def save(row: str) -> None:
    async with lock:
        await asyncio.sleep(0.1)  # stands in for a database write
        print(f"saved {row}")


async def save_both(first: str, second: str) -> None:
    await asyncio.gather(save(first), save(second))


if __name__ == "__main__":
    asyncio.run(save_both("a", "b"))
    asyncio.run(save_both("c", "d"))  # a second event loop
