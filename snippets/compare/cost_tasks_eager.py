"""The same 100,000 tasks, started eagerly: each runs at once, inside create_task."""

import asyncio

COUNT = 100_000


async def lookup(key: int) -> int:
    return key * 2  # a cache hit: nothing to wait for


async def main() -> None:
    asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(lookup(key)) for key in range(COUNT)]
        done = sum(task.done() for task in tasks)
        print(f"done as soon as create_task returned: {done} of {COUNT}")
    print(f"all finished: {all(task.done() for task in tasks)}")


if __name__ == "__main__":
    asyncio.run(main())
