"""Two waits, one after the other: the sample exercise's starter."""

import asyncio


async def wait(name: str, seconds: float) -> None:
    await asyncio.sleep(seconds)
    print(f"{name} done")


async def main() -> None:
    await wait("short", 0.5)
    await wait("long", 0.7)


if __name__ == "__main__":
    asyncio.run(main())
