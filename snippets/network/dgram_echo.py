"""A UDP server and client on 127.0.0.1: one datagram out, one datagram back."""

import asyncio


class Shout(asyncio.DatagramProtocol):
    """The server: answer each datagram with its text in capitals."""

    def connection_made(self, transport: asyncio.DatagramTransport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        print(f"server: got {data.decode()!r}")
        self.transport.sendto(data.upper(), addr)  # back to whoever sent it


class Inbox(asyncio.DatagramProtocol):
    """The client: keep each reply in a bounded queue that a coroutine awaits."""

    def __init__(self) -> None:
        self.replies: asyncio.Queue[bytes] = asyncio.Queue(maxsize=10)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if not self.replies.full():  # a full inbox drops the datagram
            self.replies.put_nowait(data)


async def main() -> None:
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(Shout, local_addr=("127.0.0.1", 0))
    port = server.get_extra_info("sockname")[1]  # port 0: the system picked one
    client, inbox = await loop.create_datagram_endpoint(
        Inbox, remote_addr=("127.0.0.1", port)
    )
    try:
        for word in ["hello", "world"]:
            client.sendto(word.encode())
            async with asyncio.timeout(1):  # a datagram can be lost: never wait forever
                reply = await inbox.replies.get()
            print(f"client: got {reply.decode()!r}")
    finally:
        client.close()
        server.close()


if __name__ == "__main__":
    asyncio.run(main())
