"""A server that never answers: the client sends three times, then gives up."""

import asyncio
import time

ATTEMPTS = 3  # at most three sends per request: retries are bounded
WAIT = 0.5  # seconds to wait for each reply


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
    # the base DatagramProtocol receives every datagram and answers none
    server, _ = await loop.create_datagram_endpoint(
        asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0)
    )
    port = server.get_extra_info("sockname")[1]
    client, inbox = await loop.create_datagram_endpoint(
        Inbox, remote_addr=("127.0.0.1", port)
    )
    start = time.perf_counter()
    try:
        print(await ask(client, inbox, "ping"))
    except TimeoutError as error:
        print(f"gave up after {time.perf_counter() - start:.1f} s: {error}")
    finally:
        client.close()
        server.close()


if __name__ == "__main__":
    asyncio.run(main())
