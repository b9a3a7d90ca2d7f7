"""create_task starts each task at main's next await, so the two waits overlap."""

import asyncio
import time


async def wait(name: str, seconds: float) -> str:
    print(f"{name} starts")
    await asyncio.sleep(seconds)
    print(f"{name} done after {seconds} s")
    return name


async def main() -> None:
    start = time.perf_counter()
    short = asyncio.create_task(wait("short", 1))
    long = asyncio.create_task(wait("long", 2))
    print("both tasks created; main now awaits them")
    await short
    await long
    print(f"total: {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
