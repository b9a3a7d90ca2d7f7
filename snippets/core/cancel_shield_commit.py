"""shield done right: the commit finishes, and the cancellation still goes on."""

import asyncio
import time


async def commit(order: str) -> str:
    await asyncio.sleep(0.3)  # a database commit: stopping half-way would be worse
    return f"{order} committed"


async def handle(order: str) -> str:
    committing = asyncio.create_task(commit(order))  # keep the reference
    try:
        return await asyncio.shield(committing)
    except asyncio.CancelledError:
        print(f"handle: cancelled; waiting for the commit: {await committing}")
        raise  # then stop, as asked


async def main() -> None:
    start = time.perf_counter()
    try:
        async with asyncio.timeout(0.1):
            await handle("order 42")
    except TimeoutError:
        elapsed = time.perf_counter() - start
        print(f"main: timed out at 0.1 s, and got control back at {elapsed:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
