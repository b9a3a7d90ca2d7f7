"""as_completed hands you each result as soon as it is ready, fastest first."""

import asyncio


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return name


async def main() -> None:
    jobs = [fetch("slow", 0.3), fetch("fast", 0.1), fetch("medium", 0.2)]
    for next_done in asyncio.as_completed(jobs):
        name = await next_done
        print(f"got {name}")


if __name__ == "__main__":
    asyncio.run(main())
