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


async def heartbeat(two_beats: asyncio.Event) -> None:
    for beat in range(1, 6):
        due = elapsed() + 0.2
        await asyncio.sleep(0.2)
        late = elapsed() - due
        print(f"    beat {beat} at {elapsed():.1f} s, {late:.1f} s late")
        if beat == 2:
            two_beats.set()


async def main() -> None:
    two_beats = asyncio.Event()
    async with asyncio.TaskGroup() as group:
        group.create_task(heartbeat(two_beats))
        await two_beats.wait()  # set by the heartbeat after its second beat
        print(f"main: CPU work starts at {elapsed():.1f} s")
        crunch(1.0)  # no await inside: the loop cannot run the heartbeat
        print(f"main: CPU work ends at {elapsed():.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
