"""An Event is a start signal: clients wait until the server says it is ready."""

import asyncio
import time


async def server(ready: asyncio.Event, start: float) -> None:
    await asyncio.sleep(0.5)  # load settings, open the port
    print(f"server ready at {time.perf_counter() - start:.1f} s")
    ready.set()


async def client(name: str, ready: asyncio.Event, start: float) -> None:
    print(f"{name} waiting at {time.perf_counter() - start:.1f} s")
    await ready.wait()  # returns at once if the event is already set
    print(f"{name} sends its request at {time.perf_counter() - start:.1f} s")


async def main() -> None:
    ready = asyncio.Event()
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        group.create_task(server(ready, start))
        group.create_task(client("client-1", ready, start))
        group.create_task(client("client-2", ready, start))
        await asyncio.sleep(1)
        group.create_task(client("client-3", ready, start))  # arrives late


if __name__ == "__main__":
    asyncio.run(main())
