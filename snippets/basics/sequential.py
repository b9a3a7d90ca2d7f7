"""Two waits, one after the other: the program takes as long as both together."""

import asyncio
import time


async def wait(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    print(f"{name} done after {seconds} s")
    return name


async def main() -> None:
    start = time.perf_counter()
    await wait("short", 2)
    await wait("long", 3)
    print(f"total: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
