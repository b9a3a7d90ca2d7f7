"""The mistake: every producer closes its clone, but nobody closes the original."""

import time

import trio


async def produce(name: str, send_channel: trio.MemorySendChannel[str]) -> None:
    async with send_channel:  # closes this producer's clone when it is done
        for number in range(1, 4):
            await send_channel.send(f"{name}{number}")  # waits while the buffer is full


async def consume(
    receive_channel: trio.MemoryReceiveChannel[str], start: float
) -> None:
    handled: list[str] = []
    async with receive_channel:
        with trio.move_on_after(2) as guard:  # a safety net, not the way it ends
            async for item in receive_channel:  # ends once every send clone is closed
                await trio.sleep(0.1)  # handle the item: a slow write
                handled.append(item)
    ended = "gave up waiting" if guard.cancelled_caught else "the channel closed"
    print(f"consumer: {sorted(handled)}")
    print(f"consumer done at {time.perf_counter() - start:.1f} s: {ended}")


async def main() -> None:
    start = time.perf_counter()
    send_channel, receive_channel = trio.open_memory_channel[str](1)
    async with trio.open_nursery() as nursery:
        nursery.start_soon(consume, receive_channel, start)
        # the mistake: each producer
        # gets a clone, and the
        # original stays open
        async with trio.open_nursery() as producers:
            for name in "ABC":
                producers.start_soon(produce, name, send_channel.clone())
        print(f"producers done at {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    trio.run(main)
