"""A hundred waits of 1 s as a hundred tasks: about 1 s in all, on one thread."""

import asyncio
import threading


async def wait() -> None:
    await asyncio.sleep(1)  # a task's wait: it hands the thread back to the loop


async def main() -> None:
    await asyncio.gather(*(wait() for _ in range(100)))
    print(f"100 waits done; threads alive: {threading.active_count()}")


if __name__ == "__main__":
    asyncio.run(main())
