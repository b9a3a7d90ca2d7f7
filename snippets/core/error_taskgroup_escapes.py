"""A TaskGroup raises an ExceptionGroup, which except ValueError does not catch."""

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
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(fetch("prices", 0, ValueError("bad price")))
            group.create_task(fetch("stock", 0, ConnectionError("stock is down")))
            group.create_task(fetch("reviews", 1))
    # the mistake: the group raises an
    # ExceptionGroup, not a ValueError
    except ValueError as error:
        print(f"main: caught {error!r}")


if __name__ == "__main__":
    asyncio.run(main())
