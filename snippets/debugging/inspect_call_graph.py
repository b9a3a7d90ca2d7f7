"""Print a stuck task's call graph: what it awaits, and which tasks await it."""

import asyncio


async def read_reply(ready: asyncio.Event) -> None:
    # the bug to find: nobody sets it
    await ready.wait()


async def call_service(ready: asyncio.Event) -> None:
    await read_reply(ready)


async def handle_request(ready: asyncio.Event) -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(call_service(ready), name="call service")


def awaited_by_chain(task: asyncio.Task[None]) -> str:
    """Follow capture_call_graph()'s `awaited_by` links up to the first task."""
    graph = asyncio.capture_call_graph(task)
    names = [task.get_name()]
    while graph is not None and graph.awaited_by:
        graph = graph.awaited_by[0]
        names.append(graph.future.get_name())
    return " <- ".join(names)


async def watchdog() -> None:
    await asyncio.sleep(0.5)
    stuck = next(t for t in asyncio.all_tasks() if t.get_name() == "call service")
    asyncio.print_call_graph(stuck)
    print(awaited_by_chain(stuck))
    stuck.cancel()


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(handle_request(asyncio.Event()), name="handle request")
        group.create_task(watchdog(), name="watchdog")


if __name__ == "__main__":
    asyncio.run(main())
