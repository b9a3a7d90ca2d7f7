"""Ten clients ask a slow local server at once: they wait together, not in turn."""

import asyncio


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    async with asyncio.timeout(2):  # a client that never sends cannot hold us
        request = await reader.readline()
    await asyncio.sleep(0.5)  # the server takes half a second to answer
    writer.write(b"answer to " + request)
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def fetch(port: int, client: int) -> str:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"client {client}\n".encode())
        reply = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return reply.decode().strip()


async def main() -> None:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        replies = await asyncio.gather(*(fetch(port, n) for n in range(1, 11)))
    for reply in replies:
        print(reply)


if __name__ == "__main__":
    asyncio.run(main())
