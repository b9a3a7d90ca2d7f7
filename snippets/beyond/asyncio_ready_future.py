"""asyncio: a Future carries the port from the server's task once it listens."""

import asyncio
import time


async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"hello from the server")
    writer.close()  # sends what is buffered, then hangs up
    await writer.wait_closed()


async def serve(ready: asyncio.Future[int]) -> None:
    await asyncio.sleep(0.5)  # load the configuration: not listening yet
    server = await asyncio.start_server(greet, "127.0.0.1", 0)
    async with server:
        ready.set_result(server.sockets[0].getsockname()[1])  # listening now
        await server.serve_forever()


async def main() -> None:
    start = time.perf_counter()
    ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    async with asyncio.TaskGroup() as group:
        server_task = group.create_task(serve(ready))
        async with asyncio.timeout(2):
            port = await ready
            print(f"server listening at {time.perf_counter() - start:.1f} s")
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            try:
                reply = await reader.read()  # until the server hangs up
            finally:
                writer.close()
                await writer.wait_closed()
        print(f"client got {reply.decode()!r} at {time.perf_counter() - start:.1f} s")
        server_task.cancel()  # serve_forever runs until it is cancelled


if __name__ == "__main__":
    asyncio.run(main())
