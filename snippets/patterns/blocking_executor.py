"""run_in_executor sends blocking calls to a pool you size, or to the default one."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

START = time.perf_counter()


def fetch_report(name: str) -> str:
    """A blocking call: time.sleep stands in for a library that blocks for 1 s."""
    started = time.perf_counter() - START
    time.sleep(1)
    return f"{name}: from {started:.0f} s to {time.perf_counter() - START:.0f} s"


async def main() -> None:
    loop = asyncio.get_running_loop()
    pool = ThreadPoolExecutor(max_workers=2)
    try:
        calls = [
            loop.run_in_executor(pool, fetch_report, name)
            for name in ("sales", "stock", "staff", "taxes")
        ]
        # None instead of a pool: the loop's default executor
        calls.append(loop.run_in_executor(None, fetch_report, "summary"))
        for line in await asyncio.gather(*calls):
            print(line)
    finally:
        await asyncio.to_thread(pool.shutdown)  # waits off the loop's thread


if __name__ == "__main__":
    asyncio.run(main())
