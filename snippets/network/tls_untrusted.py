"""The same client without `configure_trust`: it refuses the server's certificate."""

import asyncio
import ssl

import trustme


async def shout(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        line = await asyncio.wait_for(reader.readline(), timeout=2)
        writer.write(line.upper())
        await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("echo.test").configure_cert(server_context)
    # the mistake: this client trusts
    # the system's CAs only, and ca
    # is not one of them
    client_context = ssl.create_default_context()
    server = await asyncio.start_server(shout, "127.0.0.1", 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.timeout(2):
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", port, ssl=client_context, server_hostname="echo.test"
        )
        try:
            print("protocol:", writer.get_extra_info("ssl_object").version())
            print("names:", writer.get_extra_info("peercert")["subjectAltName"])
            writer.write(b"hello over tls\n")
            await writer.drain()
            print("reply:", await reader.readline())
        finally:
            writer.close()
            await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
