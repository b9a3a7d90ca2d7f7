"""A line server written as a Protocol: the loop calls its methods, nothing awaits."""

import asyncio


class ShoutLines(asyncio.Protocol):
    """One instance per connection; it answers each line in capitals."""

    def connection_made(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.buffer = b""
        self.idle = self.close_when_silent()

    def data_received(self, data: bytes) -> None:
        self.idle.cancel()
        # data is whatever arrived: part of a line, or several lines
        *lines, self.buffer = (self.buffer + data).split(b"\n")
        for line in lines:
            print(f"server: {line.decode()!r}")
            self.transport.write(line.upper() + b"\n")
        self.idle = self.close_when_silent()

    def close_when_silent(self) -> asyncio.TimerHandle:
        # a callback cannot await: a timer closes a connection silent for 2 s
        return asyncio.get_running_loop().call_later(2, self.transport.close)

    def connection_lost(self, exc: Exception | None) -> None:
        self.idle.cancel()


async def client(port: int) -> None:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"one\ntw")  # the second line is cut in two
            await asyncio.sleep(0.1)
            writer.write(b"o\nthree\n")
            writer.write_eof()  # nothing more to send: the server reads b""
            replies = await reader.read()  # everything, until the server closes
            print(f"client: got {replies.decode().split()}")
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(ShoutLines, host="127.0.0.1", port=0)
    async with server:
        await client(server.sockets[0].getsockname()[1])


if __name__ == "__main__":
    asyncio.run(main())
