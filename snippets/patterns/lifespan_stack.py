"""An AsyncExitStack opens a pool, a server and a task, then closes them in reverse."""

import asyncio
import contextlib
from collections.abc import AsyncIterator


@contextlib.asynccontextmanager
async def open_pool(size: int) -> AsyncIterator[asyncio.Semaphore]:
    print(f"pool: {size} connections open")  # a semaphore stands in for a DB pool
    try:
        yield asyncio.Semaphore(size)
    finally:
        print("pool: closed")  # a real pool closes its connections here


@contextlib.asynccontextmanager
async def serve(pool: asyncio.Semaphore) -> AsyncIterator[int]:
    async def answer(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async with pool:  # borrows a connection; waits while all are in use
            writer.write(b"answered with a pooled connection\n")
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    print("server: listening")
    try:
        async with server:  # leaving this block closes the server
            yield server.sockets[0].getsockname()[1]  # port 0: the system chose one
    finally:
        print("server: closed")


async def heartbeat() -> None:
    beats = 0
    while True:
        await asyncio.sleep(0.1)
        beats += 1  # stands in for periodic work: metrics, a cache refresh


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    await asyncio.wait([task], timeout=1)  # its cleanup gets 1 s at most
    if not task.done():
        print("heartbeat: still running after 1 s; left behind")
    elif not task.cancelled() and task.exception() is not None:
        print(f"heartbeat: had failed: {task.exception()!r}")  # ask for its error
    else:
        print("heartbeat: stopped")


async def main() -> None:
    async with contextlib.AsyncExitStack() as stack:
        pool = await stack.enter_async_context(open_pool(2))
        port = await stack.enter_async_context(serve(pool))
        stack.push_async_callback(stop, asyncio.create_task(heartbeat()))
        print("heartbeat: started")
        async with asyncio.timeout(2):  # a client: connect and read, 2 s at most
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            print(f"client: {(await reader.readline()).decode().strip()}")
        writer.close()
        await writer.wait_closed()
    print("all closed")


if __name__ == "__main__":
    asyncio.run(main())
