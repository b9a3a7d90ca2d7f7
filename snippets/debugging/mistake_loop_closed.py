"""A connection made under one asyncio.run, closed after it: the loop is gone."""

import asyncio
import socket


class Client:
    """Keeps one connection open across calls, as many client libraries do."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, line: str) -> None:
        if self.writer is None:
            connecting = asyncio.open_connection("127.0.0.1", self.port)
            _, self.writer = await asyncio.wait_for(connecting, timeout=1)
        self.writer.write(f"{line}\n".encode())
        await asyncio.wait_for(self.writer.drain(), timeout=1)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await asyncio.wait_for(self.writer.wait_closed(), timeout=1)


def main() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()  # the kernel accepts the connection
        client = Client(server.getsockname()[1])
        asyncio.run(client.send("hello"))  # the connection belongs to this loop
        print("sent hello")
        asyncio.run(client.close())  # a new loop; the connection's loop is closed


if __name__ == "__main__":
    main()
