"""The same steps, each ending in asyncio.sleep(0): the loop switches at each one."""

import asyncio


async def heartbeat() -> None:
    beat = 0
    while True:
        beat += 1
        print(f"    heartbeat {beat}")
        await asyncio.sleep(0)


async def step(number: int) -> None:
    print(f"main: step {number}")
    await asyncio.sleep(0)  # suspends: the loop may run another task


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        beating = group.create_task(heartbeat())
        for number in range(1, 4):
            await step(number)
        print("main: done")
        beating.cancel()


if __name__ == "__main__":
    asyncio.run(main())
