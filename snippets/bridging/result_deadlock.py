"""Waiting on future.result() on the loop's own thread blocks the loop it waits for."""

import asyncio


async def fetch_rate() -> float:
    return 0.85  # ready the moment the loop runs it


async def handle_order() -> None:
    loop = asyncio.get_running_loop()
    future = asyncio.run_coroutine_threadsafe(fetch_rate(), loop)
    # the mistake: blocks the thread
    # the loop runs on
    rate = future.result(timeout=1)
    print(f"rate: {rate}")


if __name__ == "__main__":
    asyncio.run(handle_order())
