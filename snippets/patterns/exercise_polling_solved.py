"""Clients wait until the server has started, then send their requests."""

import asyncio


async def start_server(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.3)  # load settings, open the port
    ready.set()
    print("server: ready")


async def client(name: str, ready: asyncio.Event) -> None:
    # the fix: wait on an Event, which
    # wakes the client when it is set
    await ready.wait()
    await asyncio.sleep(0.2)  # send the request, read the reply
    print(f"{name}: got its reply")


async def main() -> None:
    ready = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        group.create_task(start_server(ready))
        group.create_task(client("client-1", ready))
        group.create_task(client("client-2", ready))


if __name__ == "__main__":
    asyncio.run(main())
