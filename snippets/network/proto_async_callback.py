"""A protocol method written with async def: the loop calls it and never awaits it."""

import asyncio


class Shout(asyncio.Protocol):
    def connection_made(self, transport: asyncio.Transport) -> None:
        self.transport = transport

    # the mistake: async def
    async def data_received(self, data: bytes) -> None:
        await asyncio.sleep(0.1)
        self.transport.write(data.upper())


async def main() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Shout, host="127.0.0.1", port=0)
    async with server, asyncio.timeout(2):
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"hello\n")
            writer.write_eof()
            print(f"client: got {await reader.read()!r}")
        finally:
            writer.close()
            await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
