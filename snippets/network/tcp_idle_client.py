"""Leaving `async with server` while a client is still connected, and idle."""

import asyncio
import functools
import time


async def handle(
    done: asyncio.Event, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        await asyncio.wait_for(reader.read(), timeout=5)  # until the client hangs up
    finally:
        writer.close()
        await writer.wait_closed()
        done.set()


async def idle_client(port: int) -> None:
    """Connect, send nothing, hang up after 1 s: a keep-alive connection."""
    async with asyncio.timeout(2):
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        await asyncio.sleep(1)
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    handled = asyncio.Event()
    server = await asyncio.start_server(
        functools.partial(handle, handled), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    start = time.perf_counter()
    async with asyncio.TaskGroup() as group:
        group.create_task(idle_client(port))
        async with server:
            await asyncio.sleep(0.3)  # the client is connected by now
        print(f"left `async with server` after {time.perf_counter() - start:.1f} s")
    await asyncio.wait_for(handled.wait(), timeout=2)
    print(f"the handler finished after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
