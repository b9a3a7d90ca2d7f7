"""A handler copied from an old tutorial, with a `path` argument: every client fails."""

import asyncio

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosedError


# the mistake: a second argument
async def shout(websocket: ServerConnection, path: str) -> None:
    async with asyncio.timeout(5):
        async for message in websocket:
            await websocket.send(str(message).upper())


async def main() -> None:
    async with serve(shout, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        failed: ConnectionClosedError | None = None
        async with asyncio.timeout(5), connect(f"ws://127.0.0.1:{port}") as websocket:
            try:
                await websocket.send("hello")
                print(await websocket.recv())
            except ConnectionClosedError as error:
                failed = error
    # the server logged its traceback before `serve` returned
    print(f"client: {type(failed).__name__}: {failed}")


if __name__ == "__main__":
    asyncio.run(main())
