"""A server that never answers: httpx gives up when the read timeout runs out."""

import asyncio

import httpx

handlers: set[asyncio.Task[None]] = set()  # the server's tasks, one per connection


async def ignore(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    handlers.add(asyncio.current_task())
    try:  # read every request line, answer none
        while await asyncio.wait_for(reader.readline(), timeout=5):
            pass
    finally:  # readline() returned b"": the client closed the connection
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(ignore, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    async with server, httpx.AsyncClient(timeout=0.5) as client:
        try:
            await client.get(url)
        except httpx.TimeoutException as error:
            print(f"{type(error).__name__}: no reply within {client.timeout.read} s")
    await asyncio.wait(handlers)  # the server closes its side of each connection too


if __name__ == "__main__":
    asyncio.run(main())
