"""A Barrier holds each player until all three have loaded the level (Python 3.11+)."""

import asyncio


async def player(name: str, load_times: list[float], barrier: asyncio.Barrier) -> None:
    for level, load_time in enumerate(load_times, start=1):
        await asyncio.sleep(load_time)  # load the level
        print(f"{name} loaded level {level}")
        if await barrier.wait() == 0:  # one task per round gets 0
            print(f"level {level} starts")


async def main() -> None:
    barrier = asyncio.Barrier(3)
    async with asyncio.TaskGroup() as group:
        group.create_task(player("ada", [0.1, 0.6], barrier))
        group.create_task(player("bob", [0.3, 0.2], barrier))
        group.create_task(player("cy", [0.5, 0.1], barrier))


if __name__ == "__main__":
    asyncio.run(main())
