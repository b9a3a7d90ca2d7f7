"""nursery.start() returns once the server listens, with its listeners."""

import time

import trio


async def greet(stream: trio.SocketStream) -> None:
    async with stream:  # say hello, then hang up
        await stream.send_all(b"hello from the server")


async def serve(
    *,
    task_status: trio.TaskStatus[list[trio.SocketListener]] = trio.TASK_STATUS_IGNORED,
) -> None:
    await trio.sleep(0.5)  # load the configuration: not listening yet
    # serve_tcp calls task_status.started(listeners) once it listens
    await trio.serve_tcp(greet, 0, host="127.0.0.1", task_status=task_status)


async def main() -> None:
    start = time.perf_counter()
    async with trio.open_nursery() as nursery:
        listeners = await nursery.start(serve)
        port = listeners[0].socket.getsockname()[1]
        print(f"server listening at {time.perf_counter() - start:.1f} s")
        with trio.fail_after(2):
            async with await trio.open_tcp_stream("127.0.0.1", port) as stream:
                reply = b""
                while chunk := await stream.receive_some():  # b"" once it hangs up
                    reply += chunk
        print(f"client got {reply.decode()!r} at {time.perf_counter() - start:.1f} s")
        nursery.cancel_scope.cancel()  # serve_tcp runs until it is cancelled


if __name__ == "__main__":
    trio.run(main)
