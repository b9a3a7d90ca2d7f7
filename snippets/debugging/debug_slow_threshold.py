"""loop.slow_callback_duration sets how long a step may hold the loop unreported."""

import asyncio
import time


def parse(document: str) -> int:
    time.sleep(0.15)  # stands in for 150 ms of CPU work
    return len(document)


async def handle(document: str) -> None:
    await asyncio.sleep(0.1)
    print(f"parsed {parse(document)} characters")


async def main() -> None:
    await asyncio.create_task(handle("x" * 500), name="handle request 1")
    asyncio.get_running_loop().slow_callback_duration = 0.5  # default: 0.1 s
    await asyncio.create_task(handle("x" * 500), name="handle request 2")


if __name__ == "__main__":
    asyncio.run(main())
