"""TCP carries bytes, not messages: two writes can arrive as one read."""

import asyncio


async def receive(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        async with asyncio.timeout(2):
            await asyncio.sleep(0.2)  # busy: the first two messages arrive meanwhile
            print(f"read(1024) returned {await reader.read(1024)!r}")
            for _ in range(2):  # the next two messages arrive 0.4 s after the first
                print(f"readline() returned {await reader.readline()!r}")
    finally:
        writer.close()
        await writer.wait_closed()


async def send(port: int) -> None:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for pair in [(b"first\n", b"second\n"), (b"third\n", b"fourth\n")]:
                for message in pair:
                    writer.write(message)  # one write per message
                    await writer.drain()
                await asyncio.sleep(0.4)
            await reader.read()  # returns when the server closes the connection
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(receive, "127.0.0.1", 0)
    async with server:
        await send(server.sockets[0].getsockname()[1])


if __name__ == "__main__":
    asyncio.run(main())
