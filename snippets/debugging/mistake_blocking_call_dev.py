"""The same blocking call, run in debug mode: the loop names the task it waited for."""

import asyncio
import time

beats = 0


def read_config() -> str:  # a plain function: a file, a database, an HTTP client
    time.sleep(0.3)  # stands in for the blocking wait
    return "config loaded"


async def heartbeat() -> None:
    global beats
    while True:
        await asyncio.sleep(0.05)
        beats += 1


async def load() -> str:
    # the mistake: the whole loop
    # waits 0.3 s here
    return read_config()


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        pulse = group.create_task(heartbeat())
        config = await asyncio.create_task(load(), name="load config")
        print(f"{config}; the heartbeat beat meanwhile: {beats > 0}")
        pulse.cancel()


if __name__ == "__main__":
    asyncio.run(main())
