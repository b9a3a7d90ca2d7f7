"""A cancelled task runs its finally block; whoever awaits it sees CancelledError."""

import asyncio


async def worker() -> None:
    print("worker: connection opened")
    try:
        while True:
            await asyncio.sleep(0.4)
            print("worker: row saved")
    finally:
        print("worker: connection closed")  # runs however the task ends


async def main() -> None:
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.6)
    print("main: cancelling the worker")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError as error:
        print(f"main: awaiting the worker raised {error!r}")
    print(f"main: the worker was cancelled: {task.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())
