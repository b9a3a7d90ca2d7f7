"""Awaiting a coroutine that never suspends gives the loop no chance to switch."""

import asyncio


async def heartbeat() -> None:
    beat = 0
    while True:
        beat += 1
        print(f"    heartbeat {beat}")
        await asyncio.sleep(0)


async def step(number: int) -> None:
    print(f"main: step {number}")  # nothing here awaits the loop


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        beating = group.create_task(heartbeat())
        for number in range(1, 4):
            await step(number)
        print("main: done")
        beating.cancel()


if __name__ == "__main__":
    asyncio.run(main())
