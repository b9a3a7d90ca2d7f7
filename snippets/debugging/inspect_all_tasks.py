"""asyncio.all_tasks lists every task that has not finished, with its name."""

import asyncio


async def download(file: str, seconds: float) -> None:
    await asyncio.sleep(seconds)  # stands in for a transfer


def show_tasks() -> None:
    for task in sorted(asyncio.all_tasks(), key=lambda task: task.get_name()):
        current = " (running now)" if task is asyncio.current_task() else ""
        print(f"{task.get_name():16} {task.get_coro().__qualname__}(){current}")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(download("a.csv", 0.1), name="download a.csv")
        group.create_task(download("b.csv", 0.5), name="download b.csv")
        group.create_task(download("c.csv", 0.5))  # no name: gets Task-<number>
        await asyncio.sleep(0.3)
        show_tasks()


if __name__ == "__main__":
    asyncio.run(main())
