"""wait(FIRST_COMPLETED) returns when one task is done; you handle the rest."""

import asyncio


async def ask(mirror: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    return f"answer from {mirror}"


async def main() -> None:
    tasks = {
        asyncio.create_task(ask("eu", 0.2)),
        asyncio.create_task(ask("us", 1)),
    }
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    print(f"done: {len(done)}, pending: {len(pending)}")
    for task in done:
        print(task.result())
    for task in pending:
        task.cancel()  # wait cancels nothing: stop the slower mirror yourself
    await asyncio.wait(pending)
    print(f"cancelled: {[task.cancelled() for task in pending]}")


if __name__ == "__main__":
    asyncio.run(main())
