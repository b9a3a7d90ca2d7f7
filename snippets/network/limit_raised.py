"""The same 1 MiB line, read whole: limit= raises the cap, on each end that reads."""

import asyncio

LONG_LINE = b"x" * 2**20 + b"\n"
LIMIT = 2**21  # lines of up to 2 MiB, and not one byte more


async def shout(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        async with asyncio.timeout(2):
            async for line in reader:  # readline() until the client's end
                print(f"server: read a line of {len(line):,} bytes")
                writer.write(line.upper())
                await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(shout, "127.0.0.1", 0, limit=LIMIT)
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.timeout(2):
        # the client reads the long reply with readline() too: it needs the limit
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=LIMIT)
        try:
            writer.write(LONG_LINE)
            writer.write_eof()
            replies = [line async for line in reader]  # until the server closes
            print(f"client: read {len(replies)} line of {len(replies[0]):,} bytes")
        finally:
            writer.close()
            await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
