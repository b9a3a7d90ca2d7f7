"""One asyncio.run for the whole program: the connection closes on its own loop."""

import asyncio
import socket


class Client:
    """Keeps one connection open across calls, as many client libraries do."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, line: str) -> None:
        if self.writer is None:
            _, self.writer = await asyncio.open_connection(sock=self.sock)
        self.writer.write(f"{line}\n".encode())
        await asyncio.wait_for(self.writer.drain(), timeout=1)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await asyncio.wait_for(self.writer.wait_closed(), timeout=1)


async def main() -> None:
    ours, theirs = socket.socketpair()
    client = Client(ours)
    try:
        await client.send("hello")
        print("sent hello")
    finally:
        await client.close()  # on the loop that opened the connection
        theirs.close()
    print("closed")


if __name__ == "__main__":
    asyncio.run(main())
