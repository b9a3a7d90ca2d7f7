"""Two tasks share one thread: the loop switches between them only at an await."""

import asyncio
import threading


async def worker(name: str) -> None:
    for step in range(1, 4):
        print(f"{name} step {step} on {threading.current_thread().name}")
        await asyncio.sleep(0)  # hand the thread back to the loop


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(worker("kettle"))
        group.create_task(worker("toaster"))


if __name__ == "__main__":
    asyncio.run(main())
