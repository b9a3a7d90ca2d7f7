"""A server that accepts connections but never answers the TLS handshake."""

import asyncio
import ssl
import time

handlers: set[asyncio.Task[None]] = set()  # the server's tasks, one per connection


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    if task := asyncio.current_task():
        handlers.add(task)
    try:  # reads the client's hello, and never answers it
        await asyncio.wait_for(reader.read(), timeout=5)
    finally:
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    context = ssl.create_default_context()
    async with server:
        for limit, handshake_timeout, deadline in (
            ("ssl_handshake_timeout=0.5", 0.5, 2.0),
            ("asyncio.timeout(0.5)", None, 0.5),  # None: asyncio's default, 60 s
        ):
            start = time.perf_counter()
            try:
                async with asyncio.timeout(deadline):
                    await asyncio.open_connection(
                        "127.0.0.1",
                        port,
                        ssl=context,
                        server_hostname="echo.test",
                        ssl_handshake_timeout=handshake_timeout,
                    )
            except (ConnectionAbortedError, TimeoutError) as error:
                print(f"{limit}: {time.perf_counter() - start:.1f} s, {error!r}")
    await asyncio.wait(handlers)  # each handler sees its client hang up


if __name__ == "__main__":
    asyncio.run(main())
