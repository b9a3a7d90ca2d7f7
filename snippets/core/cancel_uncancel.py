"""cancelling() counts the requests to cancel a task; uncancel() takes one back."""

import asyncio


async def fail_soon() -> None:
    await asyncio.sleep(0.1)
    raise ConnectionError("replica down")


async def sync_job(take_back: bool) -> None:
    task = asyncio.current_task()
    assert task is not None
    try:
        await asyncio.sleep(1)
    except asyncio.CancelledError:  # this job decides to carry on instead
        if take_back:
            task.uncancel()
    print(f"  carried on; cancelling() = {task.cancelling()}")
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fail_soon())
            await asyncio.sleep(1)
    except* ConnectionError:
        print("  the group failed with ConnectionError")
    await asyncio.sleep(0.1)
    print("  the job finished")


async def main() -> None:
    for take_back in (False, True):
        print(f"uncancel() called: {take_back}")
        job = asyncio.create_task(sync_job(take_back))
        await asyncio.sleep(0.05)
        job.cancel()
        try:
            await job
        except asyncio.CancelledError:
            print("  the job ended cancelled after all")


if __name__ == "__main__":
    asyncio.run(main())
