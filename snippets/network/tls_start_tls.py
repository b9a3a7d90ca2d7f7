"""A plain TCP connection upgraded to TLS halfway through, as STARTTLS does."""

import asyncio
import functools
import ssl

import trustme


async def serve(
    context: ssl.SSLContext, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    try:
        async with asyncio.timeout(2):
            if await reader.readline() == b"STARTTLS\n":
                writer.write(b"GO AHEAD\n")
                await writer.start_tls(context)  # the server's side of the handshake
            writer.write((await reader.readline()).upper())
            await writer.drain()
    finally:
        writer.close()
        await writer.wait_closed()


async def main() -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("mail.test").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    # no ssl= here: the server listens for plain TCP
    server = await asyncio.start_server(
        functools.partial(serve, server_context), "127.0.0.1", 0
    )
    port = server.sockets[0].getsockname()[1]
    async with server, asyncio.timeout(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            print("before:", writer.get_extra_info("ssl_object"))
            writer.write(b"STARTTLS\n")
            await writer.drain()
            print("server:", await reader.readline())
            await writer.start_tls(client_context, server_hostname="mail.test")
            print("after:", writer.get_extra_info("ssl_object").version())
            writer.write(b"secret\n")
            await writer.drain()
            print("server:", await reader.readline())
        finally:
            writer.close()
            await writer.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
