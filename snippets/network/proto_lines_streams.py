"""The same line server written with streams: one task per connection awaits."""

import asyncio


async def shout_lines(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        while True:
            async with asyncio.timeout(2):  # close a connection silent for 2 s
                line = await reader.readline()  # waits for a whole line
            if not line:  # the client closed its end
                break
            print(f"server: {line.decode().strip()!r}")
            writer.write(line.upper())
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


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
    server = await asyncio.start_server(shout_lines, "127.0.0.1", 0)
    async with server:
        await client(server.sockets[0].getsockname()[1])


if __name__ == "__main__":
    asyncio.run(main())
