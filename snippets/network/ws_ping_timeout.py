"""A client that stops answering: the server's ping times out and it hangs up."""

import asyncio
import time

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosedError

# RFC 6455's opening handshake, sent by hand: after it, this client goes silent
HANDSHAKE = (
    b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
    b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
    b"Sec-WebSocket-Version: 13\r\n\r\n"
)
dropped = asyncio.Event()


async def listen(websocket: ServerConnection) -> None:
    start = time.perf_counter()
    try:
        async with asyncio.timeout(5):
            await websocket.recv()
    except ConnectionClosedError as error:
        print(f"server: after {time.perf_counter() - start:.1f} s")
        print(f"{type(error).__name__}: {error}")
    dropped.set()


async def main() -> None:
    async with serve(
        listen, "127.0.0.1", 0, ping_interval=0.5, ping_timeout=0.5, close_timeout=0.5
    ) as server:
        port = server.sockets[0].getsockname()[1]
        async with asyncio.timeout(5):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(HANDSHAKE)
            await reader.readuntil(b"\r\n\r\n")  # 101 Switching Protocols
            await dropped.wait()  # frozen: reads nothing, answers nothing
        writer.close()
        await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
