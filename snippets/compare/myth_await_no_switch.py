"""Awaits that find their result ready do not suspend: another task gets no turn."""

import asyncio

CACHE = {"price": 9.5}


async def other_task(turns: list[str]) -> None:
    while True:
        turns.append("turn")  # counts each time this task runs
        await asyncio.sleep(0)


async def lookup(key: str) -> float:
    if key not in CACHE:  # only a miss waits for a real query
        await asyncio.sleep(0.1)
        CACHE[key] = 1.0
    return CACHE[key]


async def main() -> None:
    turns: list[str] = []
    other = asyncio.create_task(other_task(turns))
    lock, queue = asyncio.Lock(), asyncio.Queue(maxsize=1)
    for _ in range(1_000):
        await lookup("price")  # a cache hit
    print(f"after 1,000 awaited cache hits:   other task's turns: {len(turns)}")
    for _ in range(1_000):
        async with lock:  # a free lock
            await queue.put("job")  # a queue with room
            await queue.get()  # a queue with an item
    print(f"after 1,000 lock, put, get rounds: other task's turns: {len(turns)}")
    await asyncio.sleep(0)  # a real suspension, as any I/O would be
    print(f"after 1 await asyncio.sleep(0):    other task's turns: {len(turns)}")
    other.cancel()
    await asyncio.gather(other, return_exceptions=True)  # wait until it has stopped


if __name__ == "__main__":
    asyncio.run(main())
