"""TaskGroup.cancel() (Python 3.15+) ends a group early, and raises nothing."""

import asyncio
import time


async def ask(
    mirror: str, seconds: float, group: asyncio.TaskGroup, answers: list[str]
) -> None:
    await asyncio.sleep(seconds)  # a mirror that answers after `seconds`
    answers.append(mirror)
    print(f"{mirror} answered")
    # one answer is enough: cancel the other tasks and the body
    group.cancel()


async def main() -> None:
    start = time.perf_counter()
    answers: list[str] = []
    async with asyncio.TaskGroup() as group:
        us = group.create_task(ask("us", 3, group, answers))
        eu = group.create_task(ask("eu", 0.2, group, answers))
        await asyncio.sleep(10)  # the body gives the mirrors 10 s
        print("no mirror answered in 10 s")
    print(f"block ended at {time.perf_counter() - start:.1f} s")
    print(f"answers: {answers}")
    print(f"us cancelled: {us.cancelled()}, eu cancelled: {eu.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())
