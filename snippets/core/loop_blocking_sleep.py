"""Three tasks that call time.sleep(1) block the loop: they run one after another."""

import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"{time.perf_counter() - START:.1f} s"


async def wait(name: str) -> None:
    # the mistake: it blocks the thread
    time.sleep(1)
    print(f"{name} done at {now()}")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        for name in ("task 1", "task 2", "task 3"):
            group.create_task(wait(name))
    print(f"all done at {now()}")


if __name__ == "__main__":
    asyncio.run(main())
