"""A heartbeat keeps beating while a long download waits."""

import asyncio
import time


async def heartbeat() -> None:
    beat = 0
    while True:
        await asyncio.sleep(0.3)
        beat += 1
        print(f"heartbeat {beat}")


async def download() -> str:
    await asyncio.sleep(2)
    return "report.pdf"


async def main() -> None:
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        beating = group.create_task(heartbeat())
        name = await download()
        beating.cancel()  # the group waits for it to finish
    print(f"downloaded {name} after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
