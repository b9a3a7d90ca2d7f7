"""AnyIO's TaskGroup.start: the server hands back its port once it listens."""

import time

import anyio
from anyio.abc import SocketAttribute, SocketStream, TaskStatus


async def greet(stream: SocketStream) -> None:
    async with stream:  # say hello, then hang up
        await stream.send(b"hello from the server")


async def serve(*, task_status: TaskStatus[int] = anyio.TASK_STATUS_IGNORED) -> None:
    await anyio.sleep(0.5)  # load the configuration: not listening yet
    async with await anyio.create_tcp_listener(local_host="127.0.0.1") as listener:
        task_status.started(listener.extra(SocketAttribute.local_port))
        await listener.serve(greet)


async def main() -> None:
    start = time.perf_counter()
    async with anyio.create_task_group() as group:
        port = await group.start(serve)  # the value serve passed to started()
        print(f"server listening at {time.perf_counter() - start:.1f} s")
        with anyio.fail_after(2):
            async with await anyio.connect_tcp("127.0.0.1", port) as stream:
                # the chunks until the server hangs up
                reply = b"".join([chunk async for chunk in stream])
        print(f"client got {reply.decode()!r} at {time.perf_counter() - start:.1f} s")
        group.cancel_scope.cancel()  # listener.serve runs until it is cancelled


if __name__ == "__main__":
    anyio.run(main)
