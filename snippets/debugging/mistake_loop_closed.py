"""A connection made under one asyncio.run, closed after it: the loop is gone."""

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


def main() -> None:
    ours, theirs = socket.socketpair()
    client = Client(ours)
    asyncio.run(client.send("hello"))  # the connection belongs to this loop
    print("sent hello")
    asyncio.run(client.close())  # a new loop; the connection's loop is closed
    theirs.close()


if __name__ == "__main__":
    main()
