"""A new httpx client for every request: every request opens a new connection."""

import asyncio

import httpx

handlers: set[asyncio.Task[None]] = set()  # the server's tasks, one per connection


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    handlers.add(asyncio.current_task())
    try:  # keep-alive: one connection carries request after request
        while line := await asyncio.wait_for(reader.readline(), timeout=5):
            if line == b"\r\n":  # a blank line ends each request's head
                await asyncio.sleep(0.2)  # the server takes 0.2 s per request
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
    finally:  # readline() returned b"": the client closed the connection
        writer.close()
        await writer.wait_closed()


async def fetch(url: str) -> str:
    # the mistake: one per call
    async with httpx.AsyncClient(timeout=2) as client:
        return (await client.get(url)).text


async def main() -> None:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    async with server:
        texts = [await fetch(url) for _ in range(10)]
    await asyncio.wait(handlers)  # the server closes its side of each connection too
    print(f"{texts.count('ok')} of {len(texts)} ok, in turn")
    print(f"connections opened: {len(handlers)}")


if __name__ == "__main__":
    asyncio.run(main())
