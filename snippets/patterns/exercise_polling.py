"""Clients wait until the server has started, then send their requests."""

import asyncio

server_ready = False


async def start_server() -> None:
    global server_ready
    await asyncio.sleep(0.3)  # load settings, open the port
    server_ready = True
    print("server: ready")


async def client(name: str) -> None:
    while not server_ready:
        await asyncio.sleep(1)  # look again in a second
    await asyncio.sleep(0.2)  # send the request, read the reply
    print(f"{name}: got its reply")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(start_server())
        group.create_task(client("client-1"))
        group.create_task(client("client-2"))


if __name__ == "__main__":
    asyncio.run(main())
