"""Read the rows of an export and upload them with three uploaders."""

import asyncio

UPLOADERS = 3


async def uploader(queue: asyncio.Queue[int | None], uploaded: list[int]) -> None:
    """Upload rows until the sentinel, None, arrives."""
    while (row := await queue.get()) is not None:
        await asyncio.sleep(0.1)  # stands in for an upload
        uploaded.append(row)


async def main() -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue()
    uploaded: list[int] = []
    most_waiting = 0
    async with asyncio.TaskGroup() as group:
        for _ in range(UPLOADERS):
            group.create_task(uploader(queue, uploaded))
        for row in range(1, 31):  # rows read from the export file
            await queue.put(row)
            most_waiting = max(most_waiting, queue.qsize())
        for _ in range(UPLOADERS):
            await queue.put(None)  # one sentinel per uploader: stop
    print(f"rows uploaded: {len(uploaded)}")
    print(f"most rows waiting in memory at once: {most_waiting}")


if __name__ == "__main__":
    asyncio.run(main())
