"""A sync worker runs beside the app until the app shuts it down."""

import asyncio


async def sync_once() -> None:
    await asyncio.sleep(0.4)  # push local changes to the server


async def sync_worker() -> None:
    for _ in range(5):  # stands in for `while True`, so this program ends
        try:
            await sync_once()
        # the fix: catch Exception; a
        # cancellation is not one
        except Exception:  # a failed round is retried on the next one
            print("sync worker: a round failed, retrying")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        worker = group.create_task(sync_worker())
        await asyncio.sleep(1.0)  # the app runs
        print("app: shutting down")
        worker.cancel()
    print("app: stopped")


if __name__ == "__main__":
    asyncio.run(main())
