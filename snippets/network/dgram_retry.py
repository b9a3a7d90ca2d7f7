"""A server that loses every other datagram: the client times out and sends again."""

import asyncio
import time

ATTEMPTS = 3  # at most three sends per request: retries are bounded
WAIT = 0.5  # seconds to wait for each reply


class DropEveryOther(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.received = 0

    def connection_made(self, transport: asyncio.DatagramTransport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.received += 1
        if self.received % 2 == 1:  # the 2nd, 4th, 6th... get no answer
            self.transport.sendto(data.upper(), addr)


class Inbox(asyncio.DatagramProtocol):
    def __init__(self) -> None:
        self.replies: asyncio.Queue[bytes] = asyncio.Queue(maxsize=10)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if not self.replies.full():
            self.replies.put_nowait(data)


async def ask(client: asyncio.DatagramTransport, inbox: Inbox, text: str) -> str:
    for attempt in range(1, ATTEMPTS + 1):
        client.sendto(text.encode())
        try:
            async with asyncio.timeout(WAIT):
                return (await inbox.replies.get()).decode() + f" (attempt {attempt})"
        except TimeoutError:
            print(f"{text}: attempt {attempt} got no reply within {WAIT} s")
    raise TimeoutError(f"no reply to {text!r} after {ATTEMPTS} attempts")


async def main() -> None:
    loop = asyncio.get_running_loop()
    server, _ = await loop.create_datagram_endpoint(
        DropEveryOther, local_addr=("127.0.0.1", 0)
    )
    port = server.get_extra_info("sockname")[1]
    client, inbox = await loop.create_datagram_endpoint(
        Inbox, remote_addr=("127.0.0.1", port)
    )
    start = time.perf_counter()
    try:
        for text in ["one", "two", "three"]:
            print(f"{text}: {await ask(client, inbox, text)}")
    finally:
        client.close()
        server.close()
    print(f"three replies in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
