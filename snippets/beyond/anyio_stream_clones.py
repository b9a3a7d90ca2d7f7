"""The same three producers and slow consumer, on an AnyIO memory object stream."""

import time

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream


async def produce(name: str, send_stream: MemoryObjectSendStream[str]) -> None:
    async with send_stream:  # closes this producer's clone when it is done
        for number in range(1, 4):
            await send_stream.send(f"{name}{number}")  # waits while the buffer is full


async def consume(receive_stream: MemoryObjectReceiveStream[str], start: float) -> None:
    handled: list[str] = []
    async with receive_stream:
        with anyio.move_on_after(2) as guard:  # a safety net, not the way it ends
            async for item in receive_stream:  # ends once every send clone is closed
                await anyio.sleep(0.1)  # handle the item: a slow write
                handled.append(item)
    ended = "gave up waiting" if guard.cancelled_caught else "the stream closed"
    print(f"consumer: {sorted(handled)}")
    print(f"consumer done at {time.perf_counter() - start:.1f} s: {ended}")


async def main() -> None:
    start = time.perf_counter()
    send_stream, receive_stream = anyio.create_memory_object_stream[str](1)
    async with anyio.create_task_group() as group:
        group.start_soon(consume, receive_stream, start)
        # each producer gets a clone; the block then closes the original
        async with anyio.create_task_group() as producers, send_stream:
            for name in "ABC":
                producers.start_soon(produce, name, send_stream.clone())
        print(f"producers done at {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    anyio.run(main)
