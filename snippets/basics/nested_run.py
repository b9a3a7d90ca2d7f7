"""asyncio.run starts an event loop, so it fails inside one that is running."""

import asyncio


async def wait(name: str, seconds: float) -> None:
    await asyncio.sleep(seconds)
    print(f"{name} done after {seconds} s")


async def main() -> None:
    # wrong: a loop is already running
    asyncio.run(wait("short", 2))


if __name__ == "__main__":
    asyncio.run(main())
