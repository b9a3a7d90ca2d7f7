"""A hundred waits of 1 s on a hundred threads: about 1 s in all."""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor


def wait() -> None:
    time.sleep(1)  # a blocking wait: it holds its thread


async def main(pool: ThreadPoolExecutor) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.gather(*(loop.run_in_executor(pool, wait) for _ in range(100)))
    print("100 waits done")


if __name__ == "__main__":
    with ThreadPoolExecutor(max_workers=100) as pool:  # lives longer than the loop
        asyncio.run(main(pool))
