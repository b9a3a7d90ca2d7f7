"""A WebSocket server and client: three messages each way, then a clean close."""

import asyncio

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosedOK


async def shout(websocket: ServerConnection) -> None:
    try:
        async with asyncio.timeout(5):  # a client gets 5 s in all
            while True:
                message = await websocket.recv()
                await websocket.send(str(message).upper())
    except ConnectionClosedOK as closed:
        print(f"server: {closed}")


async def main() -> None:
    async with serve(shout, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with asyncio.timeout(5), connect(f"ws://127.0.0.1:{port}") as websocket:
            for word in ["hello", "async", "world"]:
                await websocket.send(word)
                print(f"client: sent {word!r}, got {await websocket.recv()!r}")
            await websocket.close(reason="done")  # code 1000, normal closure
    # leaving `serve` waited for the handler to return
    print(f"client: closed with {websocket.close_code} {websocket.close_reason!r}")


if __name__ == "__main__":
    asyncio.run(main())
