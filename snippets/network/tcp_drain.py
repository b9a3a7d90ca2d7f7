"""Drain a server: stop accepting, finish the requests in flight, close idle clients."""

import asyncio
import time

busy: set[asyncio.Task[None]] = set()  # handlers working on a request


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        line = await asyncio.wait_for(reader.readline(), timeout=5)
        if line and (task := asyncio.current_task()):
            busy.add(task)
            task.add_done_callback(busy.discard)
            await asyncio.sleep(0.5)  # the work the request needs
            writer.write(line.upper())
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def client(port: int, request: bytes) -> bytes:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(request)  # the idle client sends nothing
        try:
            return await reader.readline()  # b"" when the server closes first
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        working = group.create_task(client(port, b"report\n"))
        idle = group.create_task(client(port, b""))
        await asyncio.sleep(0.3)  # the server runs a while
        server.close()  # 1. stop accepting connections
        if busy:  # asyncio.wait refuses an empty set
            await asyncio.wait(busy, timeout=2)  # 2. let the requests in flight finish
        server.close_clients()  # 3. close the connections left, all idle now
        await asyncio.wait_for(server.wait_closed(), timeout=2)
        print(f"server drained and closed at {time.perf_counter() - start:.1f} s")
    print(f"working client got {working.result()!r}, idle client {idle.result()!r}")


if __name__ == "__main__":
    asyncio.run(main())
