"""The same ten blocking waits in a pool of ten threads: they overlap."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

WAITS = 10


def wait(seconds: float) -> None:
    """A blocking wait, standing in for a network call or a slow disk."""
    time.sleep(seconds)


async def main(pool: ThreadPoolExecutor) -> None:
    loop = asyncio.get_running_loop()
    waits = [loop.run_in_executor(pool, wait, 0.3) for _ in range(WAITS)]
    await asyncio.gather(*waits)
    print(f"{WAITS} waits done")


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=WAITS) as pool:  # lives longer than the loop
        asyncio.run(main(pool))
