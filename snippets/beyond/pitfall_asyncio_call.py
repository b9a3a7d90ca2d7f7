"""An AnyIO program that calls asyncio directly runs on one backend only."""

import asyncio

import anyio


async def main() -> None:
    await anyio.sleep(0.1)  # fine on both backends
    # the mistake: asyncio only
    await asyncio.sleep(0.1)
    print("slept twice")


if __name__ == "__main__":
    anyio.run(main, backend="trio")
