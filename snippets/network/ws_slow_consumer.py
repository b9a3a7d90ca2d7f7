"""A client that reads nothing for 1 s: the server's send() waits for it."""

import asyncio
import time

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

MESSAGE = bytes(512 * 1024)  # 512 KiB; a hundred of them make 50 MiB
sent_at: list[float] = []


async def produce(websocket: ServerConnection) -> None:
    start = time.perf_counter()
    async with asyncio.timeout(5):
        for _ in range(100):
            await websocket.send(MESSAGE)  # returns once the write buffer has room
    sent_at.append(time.perf_counter() - start)


async def main() -> None:
    async with serve(produce, "127.0.0.1", 0, compression=None) as server:
        port = server.sockets[0].getsockname()[1]
        async with asyncio.timeout(5), connect(f"ws://127.0.0.1:{port}") as websocket:
            await asyncio.sleep(1)  # the client is busy and reads nothing
            for _ in range(100):
                await websocket.recv()
    print("client: read nothing for 1.0 s, then all 100 messages")
    print(f"server: the last send() returned after {sent_at[0]:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
