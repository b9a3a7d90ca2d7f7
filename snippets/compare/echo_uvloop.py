"""The same echo benchmark, run on uvloop's event loop instead of asyncio's own."""

import asyncio

import uvloop

CONNECTIONS = 10
MESSAGES = 2_000


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            async with asyncio.timeout(2):  # a silent client cannot hold the server
                line = await reader.readline()
            if not line:  # the client closed its end
                break
            writer.write(line)
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def client(port: int) -> int:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    matched = 0
    for number in range(MESSAGES):  # one round trip at a time
        line = f"{number}\n".encode()
        writer.write(line)
        async with asyncio.timeout(2):
            await writer.drain()
            matched += await reader.readline() == line
    writer.close()
    await writer.wait_closed()
    return matched


async def main() -> None:
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.TaskGroup() as group:
        clients = [group.create_task(client(port)) for _ in range(CONNECTIONS)]
    print(f"{sum(c.result() for c in clients)} echoes over {CONNECTIONS} connections")


if __name__ == "__main__":
    uvloop.run(main())
