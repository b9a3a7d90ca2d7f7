"""The same three tasks with await asyncio.sleep(1): the loop overlaps the waits."""

import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"{time.perf_counter() - START:.1f} s"


async def wait(name: str) -> None:
    await asyncio.sleep(1)  # hands the thread back to the loop while it waits
    print(f"{name} done at {now()}")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        for name in ("task 1", "task 2", "task 3"):
            group.create_task(wait(name))
    print(f"all done at {now()}")


if __name__ == "__main__":
    asyncio.run(main())
