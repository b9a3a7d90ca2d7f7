"""The mistake: start_soon returns before the server even runs, let alone listens."""

import socket

import trio


def free_port() -> int:
    """A port nothing listens on; in a real program, your configuration's."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def greet(stream: trio.SocketStream) -> None:
    async with stream:  # say hello, then hang up
        await stream.send_all(b"hello from the server")


async def serve(port: int) -> None:
    await trio.sleep(0.5)  # load the configuration: not listening yet
    await trio.serve_tcp(greet, port, host="127.0.0.1")


async def main() -> None:
    port = free_port()
    async with trio.open_nursery() as nursery:
        # the mistake: nothing waits
        # for the server to listen
        nursery.start_soon(serve, port)
        with trio.fail_after(2):
            async with await trio.open_tcp_stream("127.0.0.1", port) as stream:
                print(f"client got {await stream.receive_some()!r}")
        nursery.cancel_scope.cancel()


if __name__ == "__main__":
    trio.run(main)
