"""A hundred thousand tiny jobs, one task each: the tasks cost more than the jobs."""

import asyncio

ITEMS = range(100_000)


async def square(number: int) -> int:
    return number * number  # CPU-trivial, and nothing to wait for


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(square(number)) for number in ITEMS]
    total = sum(task.result() for task in tasks)
    print(f"{len(tasks):,} tasks, total {total:,}")


if __name__ == "__main__":
    asyncio.run(main())
