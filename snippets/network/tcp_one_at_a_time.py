"""Four clients take turns: each waits for its answer before the next connects."""

import asyncio
import time


async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        name = await asyncio.wait_for(reader.readline(), timeout=2)
        await asyncio.sleep(0.5)  # the server takes half a second per answer
        writer.write(b"hello, " + name)
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def ask(port: int, client: int) -> str:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(f"client {client}\n".encode())
            await writer.drain()
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    start = time.perf_counter()
    async with server:
        for client in range(1, 5):  # the next client connects after this one's answer
            reply = await ask(port, client)
            half_seconds = round((time.perf_counter() - start) * 2)  # the server's pace
            print(f"{reply!r} at {half_seconds / 2} s")


if __name__ == "__main__":
    asyncio.run(main())
