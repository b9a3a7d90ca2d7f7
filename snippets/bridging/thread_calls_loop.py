"""Sync code in a worker thread calls async code on the loop it was handed."""

import asyncio


async def save(row: str) -> None:
    await asyncio.sleep(0.1)  # stands in for an async database write
    print(f"saved {row}")


def import_rows(loop: asyncio.AbstractEventLoop, rows: list[str]) -> None:
    """Sync code, run in a worker thread, that calls async code on the main loop."""
    for row in rows:
        future = asyncio.run_coroutine_threadsafe(save(row), loop)
        future.result(timeout=2)  # blocks this worker thread only


async def main() -> None:
    loop = asyncio.get_running_loop()
    await asyncio.to_thread(import_rows, loop, ["a", "b"])


if __name__ == "__main__":
    asyncio.run(main())
