"""A hundred WebSocket clients at once; the server answers each after 0.5 s."""

import asyncio

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve


async def greet(websocket: ServerConnection) -> None:
    async with asyncio.timeout(2):
        name = await websocket.recv()
        await asyncio.sleep(0.5)  # the server takes half a second per answer
        await websocket.send(f"hello, {name}")


async def ask(port: int, client: int) -> str:
    async with asyncio.timeout(2), connect(f"ws://127.0.0.1:{port}") as websocket:
        await websocket.send(f"client {client}")
        return str(await websocket.recv())


async def main() -> None:
    async with serve(greet, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(ask(port, n)) for n in range(1, 101)]
    replies = [task.result() for task in tasks]
    print(f"{len(replies)} replies, the first {replies[0]!r}, the last {replies[-1]!r}")


if __name__ == "__main__":
    asyncio.run(main())
