"""The same slow write, called directly in a coroutine: the heartbeat stops."""

import asyncio
import tempfile
import time
from pathlib import Path

START = time.perf_counter()


def save(path: Path, megabytes: int) -> int:
    with path.open("wb") as file:
        for _ in range(megabytes):
            time.sleep(0.2)  # stands in for a slow disk: 0.2 s per MB
            file.write(bytes(1_000_000))
        return file.tell()  # the number of bytes written


async def heartbeat() -> None:
    for _ in range(5):
        await asyncio.sleep(0.2)
        print(f"    beat at {time.perf_counter() - START:.1f} s")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.bin"
        async with asyncio.TaskGroup() as group:
            group.create_task(heartbeat())
            await asyncio.sleep(0.3)
            # the mistake: the loop
            # waits for the whole write
            size = save(path, 4)
            print(f"saved {size:,} bytes at {time.perf_counter() - START:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
