"""The client checks the name it asks for against the names in the certificate."""

import asyncio
import ssl

import trustme


async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.close()
    await writer.wait_closed()


async def main() -> None:
    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("echo.test").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    server = await asyncio.start_server(hang_up, "127.0.0.1", 0, ssl=server_context)
    port = server.sockets[0].getsockname()[1]
    async with server:
        # None: no server_hostname, so the client checks the host it dialled
        for name in (None, "api.test", "echo.test"):
            try:
                async with asyncio.timeout(2):
                    _, writer = await asyncio.open_connection(
                        "127.0.0.1", port, ssl=client_context, server_hostname=name
                    )
                    writer.close()
                    await writer.wait_closed()
            except ssl.SSLCertVerificationError as error:
                print(f"server_hostname={name!r}: refused: {error.verify_message}")
            else:
                print(f"server_hostname={name!r}: connected")


if __name__ == "__main__":
    asyncio.run(main())
