"""One second of CPU work in main silences a heartbeat for that whole second."""

import asyncio
import time

START = time.perf_counter()


def elapsed() -> float:
    return time.perf_counter() - START


def crunch(seconds: float) -> None:
    """Keep the CPU busy for `seconds`: stands in for parsing, hashing, resizing."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass


async def heartbeat() -> None:
    for beat in range(1, 6):
        due = elapsed() + 0.2
        await asyncio.sleep(0.2)
        late = elapsed() - due
        print(f"    beat {beat} at {elapsed():.1f} s, {late:.1f} s late")


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat())
        await asyncio.sleep(0.6)
        print(f"main: CPU work starts at {elapsed():.1f} s")
        crunch(1.0)  # no await inside: the loop cannot run the heartbeat
        print(f"main: CPU work ends at {elapsed():.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
