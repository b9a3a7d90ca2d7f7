"""push_async_callback given stop(task), a coroutine, instead of stop and its task."""

import asyncio
import contextlib


async def heartbeat() -> None:
    beats = 0
    while True:
        await asyncio.sleep(0.1)
        beats += 1  # stands in for periodic work: metrics, a cache refresh


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.wait([task], timeout=1)  # its cleanup gets 1 s at most
    if not task.done():
        print("heartbeat: still running after 1 s; left behind")
    elif not task.cancelled() and task.exception() is not None:
        print(f"heartbeat: had failed: {task.exception()!r}")  # ask for its error
    else:
        print("heartbeat: stopped")


async def main() -> None:
    async with contextlib.AsyncExitStack() as stack:
        task = asyncio.create_task(heartbeat())
        # wrong: should be (stop, task)
        stack.push_async_callback(stop(task))
        print("heartbeat: started")
    print("all closed")


if __name__ == "__main__":
    asyncio.run(main())
