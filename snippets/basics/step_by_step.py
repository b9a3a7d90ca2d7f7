"""The two-wait example with a timeline: who starts and finishes when."""

import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"{time.perf_counter() - START:.1f} s"


async def wait(name: str, seconds: float) -> None:
    print(f"{name} started at {now()}")
    await asyncio.sleep(seconds)
    print(f"{name} finished at {now()}")


async def main() -> None:
    await asyncio.gather(wait("short", 2), wait("long", 3))
    print(f"total: {now()}")


if __name__ == "__main__":
    asyncio.run(main())
