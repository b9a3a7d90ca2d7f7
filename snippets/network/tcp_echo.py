"""A TCP server and a client on 127.0.0.1 exchange one line, then both close."""

import asyncio


async def shout(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Handle one connection: read a line, send it back in capitals, close."""
    try:
        # a client that never sends cannot hold the server: 2 s for the line
        line = await asyncio.wait_for(reader.readline(), timeout=2)
        print(f"server: got {line.decode().strip()!r}")
        writer.write(line.upper())
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def ask(port: int, text: str) -> str:
    async with asyncio.timeout(2):  # connect, send and read: 2 s for all of it
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"{text}\n".encode())
            await writer.drain()
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(shout, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]  # port 0: the system picked a free one
    async with server:  # closes the server when the block ends
        print(f"client: got {await ask(port, 'hello')!r}")
    print("server: closed")


if __name__ == "__main__":
    asyncio.run(main())
