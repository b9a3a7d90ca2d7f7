"""Three tasks call a blocking function directly: the calls run one after another."""

import asyncio
import time

START = time.perf_counter()


def fetch_report(name: str) -> str:
    """A blocking call: time.sleep stands in for a library that blocks for 1 s."""
    started = time.perf_counter() - START
    time.sleep(1)
    return f"{name}: from {started:.0f} s to {time.perf_counter() - START:.0f} s"


async def report(name: str) -> str:
    return fetch_report(name)


async def main() -> None:
    names = ("sales", "stock", "staff")
    for line in await asyncio.gather(*(report(name) for name in names)):
        print(line)


if __name__ == "__main__":
    asyncio.run(main())
