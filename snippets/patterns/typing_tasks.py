"""A task keeps its coroutine's result type: Task[int] gives back an int."""

import asyncio
import time


async def fetch_size(url: str, seconds: float) -> int:
    await asyncio.sleep(seconds)  # stands in for a download
    return len(url) * 100


async def main() -> None:
    start = time.perf_counter()
    delays = {"example.org/a": 0.3, "example.org/bb": 0.5, "example.org/ccc": 0.8}
    async with asyncio.TaskGroup() as group:
        # create_task takes a Coroutine[Any, Any, int] and returns a Task[int]
        tasks: dict[str, asyncio.Task[int]] = {
            url: group.create_task(fetch_size(url, seconds))
            for url, seconds in delays.items()
        }
    # the group has waited for every task, so result() returns at once: an int
    sizes = {url: task.result() for url, task in tasks.items()}
    for url, size in sizes.items():
        print(f"{url}: {size} bytes")
    elapsed = time.perf_counter() - start
    print(f"total: {sum(sizes.values())} bytes in {elapsed:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
