"""Ten thousand tasks wait on one event, then all finish when it is set."""

import asyncio
import threading

COUNT = 10_000


async def wait_for(event: asyncio.Event) -> None:
    await event.wait()


async def main() -> None:
    event = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        for _ in range(COUNT):
            group.create_task(wait_for(event))
        await asyncio.sleep(0)  # let every task start and reach its wait
        waiting = len(asyncio.all_tasks()) - 1  # all but main() itself
        print(f"{waiting} tasks waiting in {threading.active_count()} thread")
        event.set()
    print(f"{COUNT} tasks waited and finished")


if __name__ == "__main__":
    asyncio.run(main())
