"""gather passes on the first exception at once, but the other tasks keep running."""

import asyncio
import time

START = time.perf_counter()


def clock() -> str:
    return f"{time.perf_counter() - START:.1f} s"


async def download(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    print(f"{clock()}: {name} finished")
    return name


async def fail_after(seconds: float) -> None:
    await asyncio.sleep(seconds)
    raise ConnectionError("mirror is down")


async def main() -> None:
    first = asyncio.create_task(download("first", 1))
    second = asyncio.create_task(download("second", 2))
    try:
        await asyncio.gather(first, second, fail_after(0.1))
    except ConnectionError as error:
        print(f"{clock()}: main caught {error!r}")
    await asyncio.wait([first, second])  # nothing cancelled them: wait for them
    print(f"{clock()}: main is done")


if __name__ == "__main__":
    asyncio.run(main())
