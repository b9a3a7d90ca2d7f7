"""A server that never answers: the client's timeout ends the wait after 0.5 s."""

import asyncio
import time


async def ignore(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Read everything the client sends, answer nothing, close when it leaves."""
    try:
        await asyncio.wait_for(reader.read(), timeout=5)  # read() waits for the end
    finally:
        writer.close()
        await writer.wait_closed()


async def ask(port: int) -> str:
    async with asyncio.timeout(0.5):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"hello\n")
            await writer.drain()
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(ignore, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    start = time.perf_counter()
    async with server:
        try:
            print(await ask(port))
        except TimeoutError:
            print(f"no reply; gave up after {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
