"""Sync code in a worker thread asks for an event loop, but the loop is elsewhere."""

import asyncio


async def save(row: str) -> None:
    await asyncio.sleep(0.1)  # stands in for an async database write
    print(f"saved {row}")


def import_rows(rows: list[str]) -> None:
    """Sync code, run in a worker thread, that wants to call async code."""
    # the mistake: this thread has
    # no event loop
    loop = asyncio.get_event_loop()
    for row in rows:
        loop.run_until_complete(save(row))


async def main() -> None:
    await asyncio.to_thread(import_rows, ["a", "b"])


if __name__ == "__main__":
    asyncio.run(main())
