"""wait(FIRST_EXCEPTION) returns at the first failure, or when all are done."""

import asyncio


async def step(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if name == "upload":
        raise PermissionError(f"{name} refused")
    return name


async def main() -> None:
    tasks = [
        asyncio.create_task(step("resize", 0.1), name="resize"),
        asyncio.create_task(step("upload", 0.2), name="upload"),
        asyncio.create_task(step("notify", 1), name="notify"),
    ]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    for task in sorted(done, key=lambda task: task.get_name()):
        print(f"done: {task.get_name()}, exception: {task.exception()!r}")
    for task in pending:
        print(f"still pending: {task.get_name()}; cancelling it")
        task.cancel()
    await asyncio.wait(pending)


if __name__ == "__main__":
    asyncio.run(main())
