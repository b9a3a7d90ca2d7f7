"""Ten clients ask a slow local server at once: they wait together, not in turn."""

import asyncio


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        async with asyncio.timeout(2):  # a client that never sends cannot hold us
            request = await reader.readline()
        await asyncio.sleep(0.5)  # the server takes half a second to answer
        writer.write(b"answer to " + request)
        await writer.drain()
    finally:  # close the connection whatever happened, a timeout included
        writer.close()
        await writer.wait_closed()


async def fetch(port: int, client: int) -> str:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"client {client}\n".encode())
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.TaskGroup() as group:
        tasks = [group.create_task(fetch(port, n)) for n in range(1, 11)]
    for task in tasks:  # in the order they were started, not the order they ended
        print(task.result())


if __name__ == "__main__":
    asyncio.run(main())
