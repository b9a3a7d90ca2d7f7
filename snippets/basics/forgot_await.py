"""Calling a coroutine function without await runs nothing, and Python warns."""

import asyncio


async def wait(name: str, seconds: float) -> None:
    await asyncio.sleep(seconds)
    print(f"{name} done after {seconds} s")


async def main() -> None:
    wait("short", 2)  # creates a coroutine object, never runs it
    print("main is done; the short wait never ran")


if __name__ == "__main__":
    asyncio.run(main())
