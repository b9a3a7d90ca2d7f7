"""A timeout stops the wait for a thread, not the thread: asyncio.run waits for it."""

import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"{time.perf_counter() - START:.0f} s"


def export_file() -> None:
    """A blocking call: time.sleep stands in for a library that blocks for 3 s."""
    time.sleep(3)
    print(f"export: finished at {now()}")


async def main() -> None:
    try:
        async with asyncio.timeout(1):
            await asyncio.to_thread(export_file)
    except TimeoutError:
        print(f"main: gave up waiting at {now()}")
    print(f"main: returns at {now()}")


if __name__ == "__main__":
    asyncio.run(main())
    print(f"asyncio.run returned at {now()}")
