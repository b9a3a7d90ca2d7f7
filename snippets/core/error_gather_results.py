"""gather(return_exceptions=True) returns errors as results, in order."""

import asyncio


async def fetch(name: str, seconds: float, error: Exception | None = None) -> str:
    try:
        await asyncio.sleep(seconds)
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise
    if error is not None:
        raise error
    return name


async def main() -> None:
    results = await asyncio.gather(
        fetch("prices", 0, ValueError("bad price")),
        fetch("stock", 0, ConnectionError("stock is down")),
        fetch("reviews", 1),
        return_exceptions=True,
    )
    for result in results:
        print(f"main: got {result!r}")


if __name__ == "__main__":
    asyncio.run(main())
