"""Frames keep ticking while the next level loads in the background."""

import asyncio


async def load_level(name: str) -> str:
    await asyncio.sleep(1)  # stands in for reading files or a network fetch
    return name


async def main() -> None:
    loading = asyncio.create_task(load_level("level 2"))
    frame = 0
    while not loading.done():
        frame += 1
        print(f"frame {frame}: drawing the loading screen")
        await asyncio.sleep(0.3)
    frame += 1
    print(f"frame {frame}: {loading.result()} is ready")


if __name__ == "__main__":
    asyncio.run(main())
