"""A return in a finally block swallows CancelledError; Python 3.14 warns about it."""

import asyncio


async def upload() -> str:
    try:
        await asyncio.sleep(10)  # stands in for a slow upload
    finally:
        # the mistake: this return
        # ends the cancellation
        return "upload: returned"


async def main() -> None:
    task = asyncio.create_task(upload())
    await asyncio.sleep(0.1)
    task.cancel()
    result = await task  # no CancelledError here: the return swallowed it
    print(result)
    print(f"task.cancelled(): {task.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())
