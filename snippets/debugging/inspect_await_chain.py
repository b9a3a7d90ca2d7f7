"""Follow each task's chain of awaits down to the line where it waits."""

import asyncio
from types import CoroutineType


def await_chain(task: asyncio.Task[None]) -> str:
    steps, awaited = [], task.get_coro()
    while isinstance(awaited, CoroutineType) and awaited.cr_frame is not None:
        code, line = awaited.cr_frame.f_code, awaited.cr_frame.f_lineno
        mine = code.co_filename == __file__  # line numbers for this program only
        steps.append(f"{code.co_qualname}:{line}" if mine else code.co_qualname)
        awaited = awaited.cr_await
    return " -> ".join(steps)


async def read_reply(ready: asyncio.Event) -> None:
    # the bug to find: nobody sets it
    await ready.wait()


async def call_service(ready: asyncio.Event) -> None:
    await read_reply(ready)


async def main() -> None:
    ready = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        group.create_task(call_service(ready), name="call service")
        group.create_task(asyncio.sleep(3600), name="refresh cache")
        await asyncio.sleep(0.5)
        for task in sorted(asyncio.all_tasks(), key=asyncio.Task.get_name):
            print(f"{task.get_name():14} {await_chain(task)}")
            if task is not asyncio.current_task():
                task.cancel()


if __name__ == "__main__":
    asyncio.run(main())
