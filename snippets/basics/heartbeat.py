"""A heartbeat keeps beating while a long download waits."""

import asyncio
import time

BEAT = 0.3  # seconds from one heartbeat to the next


async def heartbeat() -> None:
    loop = asyncio.get_running_loop()
    start, beat = loop.time(), 0
    while True:
        beat += 1
        # each beat is due one BEAT after the last was due, even if that one ran late
        await asyncio.sleep(start + beat * BEAT - loop.time())
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
