"""A request waiting for one of httpx's pooled connections can hit PoolTimeout."""

import asyncio
import contextlib

import httpx

handlers: set[asyncio.Task[None]] = set()  # the server's tasks, one per connection


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    if task := asyncio.current_task():
        handlers.add(task)
    try:  # keep-alive: one connection carries request after request
        while line := await asyncio.wait_for(reader.readline(), timeout=5):
            if line == b"\r\n":  # a blank line ends each request's head
                await asyncio.sleep(0.5)  # a slow endpoint: 0.5 s per request
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
    finally:
        writer.close()


async def fetch(
    client: httpx.AsyncClient, url: str, gate: asyncio.Semaphore | None
) -> str:
    try:
        async with gate or contextlib.nullcontext():  # a semaphore waits in your code
            return (await client.get(url)).text
    except httpx.PoolTimeout:
        return "PoolTimeout"


async def main() -> None:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    limits = httpx.Limits(max_connections=10)
    timeout = httpx.Timeout(2, pool=0.3)  # 0.3 s at most to get a connection
    async with server, httpx.AsyncClient(timeout=timeout, limits=limits) as client:
        for gate in (None, asyncio.Semaphore(10)):
            requests = (fetch(client, url, gate) for _ in range(20))
            results = await asyncio.gather(*requests)
            counts = {text: results.count(text) for text in sorted(set(results))}
            how = "a semaphore of 10" if gate else "no semaphore"
            print(f"20 requests, {how}: {counts}")
    await asyncio.wait(handlers)  # the server closes its side of each connection too


if __name__ == "__main__":
    asyncio.run(main())
