"""A timeout stops the wait for to_thread, not the thread: the write goes on."""

import asyncio
import tempfile
import time
from pathlib import Path

START = time.perf_counter()


def elapsed() -> str:
    return f"{time.perf_counter() - START:.1f} s"


def save(path: Path) -> None:
    with path.open("wb") as file:
        for _ in range(5):
            time.sleep(0.2)  # stands in for a slow disk: 0.2 s per MB
            file.write(bytes(1_000_000))
    print(f"thread: saved at {elapsed()}; the file still exists: {path.exists()}")


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.bin"
        try:
            async with asyncio.timeout(0.5):
                await asyncio.to_thread(save, path)
        except TimeoutError:
            size = (await asyncio.to_thread(path.stat)).st_size
            done = "finished" if size == 5_000_000 else "unfinished"
            print(f"main: gave up at {elapsed()}, with the write {done}")
    print(f"main: returns at {elapsed()}; the folder has been removed")


if __name__ == "__main__":
    asyncio.run(main())
    print(f"asyncio.run returned at {elapsed()}")
