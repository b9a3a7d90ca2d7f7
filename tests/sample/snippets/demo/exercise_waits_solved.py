"""Two waits in a task group: the sample exercise's solution."""

import asyncio


async def wait(name: str, seconds: float) -> None:
    await asyncio.sleep(seconds)
    print(f"{name} done")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(wait("short", 0.5))
        group.create_task(wait("long", 0.7))


if __name__ == "__main__":
    asyncio.run(main())
