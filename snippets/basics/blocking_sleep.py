"""time.sleep inside a coroutine blocks the loop: gather can no longer overlap."""

import asyncio
import time


async def wait(name: str, seconds: float) -> str:
    # the mistake: it blocks the thread
    time.sleep(seconds)
    print(f"{name} done after {seconds} s")
    return name


async def main() -> None:
    start = time.perf_counter()
    await asyncio.gather(wait("short", 2), wait("long", 3))
    print(f"total: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
