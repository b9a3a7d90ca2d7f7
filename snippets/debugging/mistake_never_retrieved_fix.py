"""The done callback reads each background task's error, so none goes unseen."""

import asyncio
from collections.abc import Coroutine

background: set[asyncio.Task[None]] = set()


def finished(task: asyncio.Task[None]) -> None:
    background.discard(task)
    if not task.cancelled() and task.exception() is not None:
        print(f"{task.get_name()} failed: {task.exception()!r}")  # or log it


def start_in_background(job: Coroutine[None, None, None], name: str) -> None:
    task = asyncio.create_task(job, name=name)
    background.add(task)
    task.add_done_callback(finished)


async def send_receipt(order: int) -> None:
    await asyncio.sleep(0.1)
    raise ConnectionError(f"mail server refused the receipt for order {order}")


async def main() -> None:
    start_in_background(send_receipt(42), name="receipt 42")
    print("order 42 placed")
    await asyncio.sleep(0.5)
    print("main is done")


if __name__ == "__main__":
    asyncio.run(main())
