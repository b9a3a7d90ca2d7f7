"""A TaskGroup waits for every task it started before its block ends."""

import asyncio


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    print(f"{name} finished after {seconds} s")
    return name


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        slow = group.create_task(fetch("slow", 0.3))
        fast = group.create_task(fetch("fast", 0.1))
        print("tasks started; the block now waits for them")
    print(f"after the block: {slow.result()}, {fast.result()}")


if __name__ == "__main__":
    asyncio.run(main())
