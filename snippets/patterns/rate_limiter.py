"""A rate limiter spaces ten calls at five per second: the last starts at 1.8 s."""

import asyncio


class RateLimiter:
    """Lets calls start at most `rate` times a second, evenly spaced."""

    def __init__(self, rate: float) -> None:
        self.interval = 1 / rate
        self.next_start = 0.0  # on the loop's clock, loop.time()

    async def wait(self) -> None:
        now = asyncio.get_running_loop().time()
        start = max(now, self.next_start)  # the next free slot
        self.next_start = start + self.interval  # taken before anyone else looks
        await asyncio.sleep(start - now)


async def call_api(number: int, limiter: RateLimiter, began: float) -> None:
    await limiter.wait()
    elapsed = asyncio.get_running_loop().time() - began
    print(f"call {number:2} starts at {elapsed:.1f} s")


async def main() -> None:
    limiter = RateLimiter(rate=5)
    began = asyncio.get_running_loop().time()
    async with asyncio.TaskGroup() as tg:
        for number in range(1, 11):
            tg.create_task(call_api(number, limiter, began))


if __name__ == "__main__":
    asyncio.run(main())
