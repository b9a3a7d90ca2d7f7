"""A line longer than the 64 KiB limit: readuntil and readline both refuse it."""

import asyncio

LONG_LINE = b"x" * 2**20 + b"\n"  # 1 MiB before its newline: 16 times the limit


async def read_line(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        async with asyncio.timeout(2):
            try:
                await reader.readuntil(b"\n")
            except asyncio.LimitOverrunError as error:  # the bytes stay buffered
                print(f"readuntil: {type(error).__name__}: {error}")
            try:
                await reader.readline()
            except ValueError as error:  # the buffered bytes are thrown away
                print(f"readline: {type(error).__name__}: {error}")
            await reader.read()  # skip the rest of the line, up to the client's end
            writer.write(b"line too long\n")
    finally:
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(read_line, "127.0.0.1", 0)  # limit: 64 KiB
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(LONG_LINE)
            writer.write_eof()  # nothing more to send
            print(f"client: got {await reader.read()!r}")
        finally:
            writer.close()
            await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
