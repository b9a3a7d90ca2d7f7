"""A stock server answers each client from the warehouse's sync database client."""

import asyncio
import time

STOCK = {"tea": 12, "cake": 0, "scones": 40}


def look_up(item: str) -> int:
    """The database's sync client: a plain function that waits 1 s for a query."""
    time.sleep(1)  # stands in for the driver's blocking query
    return STOCK[item]


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        item = (await asyncio.wait_for(reader.readline(), timeout=5)).decode().strip()
        count = await asyncio.to_thread(look_up, item)
        writer.write(f"{item}: {count} in stock\n".encode())
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def ask(port: int, item: str) -> str:
    async with asyncio.timeout(5):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"{item}\n".encode())
            await writer.drain()
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.TaskGroup() as group:
        replies = [group.create_task(ask(port, item)) for item in STOCK]
    for reply in replies:
        print(reply.result())


if __name__ == "__main__":
    asyncio.run(main())
