"""The same export in a process pool: Python 3.14's terminate_workers stops it."""

import asyncio
import time
from concurrent.futures import ProcessPoolExecutor

START = time.perf_counter()


def now() -> str:
    return f"{time.perf_counter() - START:.0f} s"


def export_file() -> None:
    """A blocking call: time.sleep stands in for a library that blocks for 3 s."""
    time.sleep(3)
    print("export: finished")


async def main(pool: ProcessPoolExecutor) -> None:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(1):
            await loop.run_in_executor(pool, export_file)
    except TimeoutError:
        print(f"main: gave up waiting at {now()}")
        # a worker is a process, so it can be stopped from outside;
        # terminate_workers signals it and returns without waiting
        pool.terminate_workers()
        print(f"main: terminated the worker at {now()}")
    print(f"main: returns at {now()}")


if __name__ == "__main__":
    with ProcessPoolExecutor(max_workers=1) as pool:
        asyncio.run(main(pool))
    print(f"pool closed at {now()}")
