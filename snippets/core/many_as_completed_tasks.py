"""Since 3.13, async for over as_completed yields your own tasks as they finish."""

import asyncio


async def fetch(seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"{seconds} s of data"


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        tasks = {
            group.create_task(fetch(seconds)): name
            for name, seconds in [("slow", 0.3), ("fast", 0.1), ("medium", 0.2)]
        }
        async for task in asyncio.as_completed(tasks):
            print(f"{tasks[task]}: {task.result()} (one of my tasks: {task in tasks})")


if __name__ == "__main__":
    asyncio.run(main())
