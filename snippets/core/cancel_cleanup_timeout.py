"""A timeout inside clean-up: it counts only the cancellations after its start."""

import asyncio


async def save_draft() -> None:
    await asyncio.sleep(10)  # a save to a server that stopped answering


async def edit() -> None:
    try:
        await asyncio.sleep(10)  # the user is typing
    except asyncio.CancelledError:
        task = asyncio.current_task()
        assert task is not None
        print(f"edit: cancelled; cancelling() = {task.cancelling()}")
        try:
            async with asyncio.timeout(0.2):  # entered with the count at 1
                await save_draft()
        except TimeoutError:
            print("edit: the save timed out; giving up on it")
        raise


async def main() -> None:
    editing = asyncio.create_task(edit())
    await asyncio.sleep(0.1)
    editing.cancel()
    try:
        await editing
    except asyncio.CancelledError:
        print("main: edit ended cancelled, as asked")


if __name__ == "__main__":
    asyncio.run(main())
