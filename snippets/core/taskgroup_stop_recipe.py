"""Before 3.15: end a TaskGroup early by raising your own exception in it."""

import asyncio
import time


class StopGroup(Exception):
    """Raised in a group to end it early, and caught just outside it."""


async def ask(mirror: str, seconds: float, answers: list[str]) -> None:
    await asyncio.sleep(seconds)  # a mirror that answers after `seconds`
    answers.append(mirror)
    print(f"{mirror} answered")
    # one answer is enough: the group cancels the other tasks and the body
    raise StopGroup


async def main() -> None:
    start = time.perf_counter()
    answers: list[str] = []
    try:
        async with asyncio.TaskGroup() as group:
            us = group.create_task(ask("us", 3, answers))
            eu = group.create_task(ask("eu", 0.2, answers))
            await asyncio.sleep(10)  # the body gives the mirrors 10 s
            print("no mirror answered in 10 s")
    except* StopGroup:
        pass  # the group ended as planned; any other error still propagates
    print(f"block ended at {time.perf_counter() - start:.1f} s")
    print(f"answers: {answers}")
    print(f"us cancelled: {us.cancelled()}, eu cancelled: {eu.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())
