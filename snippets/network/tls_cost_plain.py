"""The same five hundred connections over plain TCP: no ssl=, no handshake."""

import asyncio
import ssl

import trustme

CONNECTIONS = 500


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        writer.write(await asyncio.wait_for(reader.readline(), timeout=2))
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("echo.test").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    echoed = encrypted = 0
    async with server:
        for _ in range(CONNECTIONS):
            async with asyncio.timeout(2):
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                encrypted += writer.get_extra_info("ssl_object") is not None
                writer.write(b"ping\n")
                await writer.drain()
                echoed += await reader.readline() == b"ping\n"
                writer.close()
                await writer.wait_closed()
    print(f"{CONNECTIONS} connections: {echoed} echoed, {encrypted} encrypted")


if __name__ == "__main__":
    asyncio.run(main())
