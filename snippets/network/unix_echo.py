"""A server and a client on a Unix socket: a file in a temporary directory."""

import asyncio
import stat
import tempfile
from pathlib import Path


async def shout(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        line = await asyncio.wait_for(reader.readline(), timeout=2)
        writer.write(line.upper())
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def ask(path: Path, text: str) -> str:
    async with asyncio.timeout(2):
        reader, writer = await asyncio.open_unix_connection(path)
        try:
            writer.write(f"{text}\n".encode())
            await writer.drain()
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def main() -> None:
    with tempfile.TemporaryDirectory() as directory:  # removed, with all in it
        path = Path(directory) / "shout.sock"
        server = await asyncio.start_unix_server(shout, path)
        async with server:
            print(f"{path.name} is a socket: {stat.S_ISSOCK(path.stat().st_mode)}")
            print(f"client: got {await ask(path, 'hello')!r}")
        print(f"{path.name} still there after the server closed: {path.exists()}")


if __name__ == "__main__":
    asyncio.run(main())
