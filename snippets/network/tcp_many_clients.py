"""A hundred clients connect at once; the server answers each after 0.5 s."""

import asyncio


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        name = await asyncio.wait_for(reader.readline(), timeout=2)
        await asyncio.sleep(0.5)  # the server takes half a second per answer
        writer.write(b"hello, " + name)
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def ask(port: int, client: int) -> str:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"client {client}\n".encode())
            await writer.drain()
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.TaskGroup() as group:
        tasks = [group.create_task(ask(port, n)) for n in range(1, 101)]
    replies = [task.result() for task in tasks]  # in the order they were started
    print(f"{len(replies)} replies, the first {replies[0]!r}, the last {replies[-1]!r}")


if __name__ == "__main__":
    asyncio.run(main())
