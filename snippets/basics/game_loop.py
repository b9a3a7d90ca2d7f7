"""Frames keep coming while the next level loads in the background."""

import asyncio

FRAME = 0.4  # seconds from one frame to the next, slowed down to keep the output short


async def load_level(name: str) -> str:
    await asyncio.sleep(1)  # stands in for reading files or a network fetch
    return name


async def main() -> None:
    loop = asyncio.get_running_loop()
    loading = asyncio.create_task(load_level("level 2"))
    start, frame = loop.time(), 0
    while not loading.done():
        frame += 1
        print(f"frame {frame}: drawing the loading screen")
        # the next frame is due one FRAME after this one was due, even if this ran late
        await asyncio.sleep(start + frame * FRAME - loop.time())
    frame += 1
    print(f"frame {frame}: {loading.result()} is ready")


if __name__ == "__main__":
    asyncio.run(main())
