"""asynccontextmanager turns one async generator into setup and teardown."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def open_session(name: str) -> AsyncIterator[str]:
    print(f"{name}: connecting")
    await asyncio.sleep(0.1)  # stands in for a handshake
    try:
        yield f"{name} session"
    finally:
        await asyncio.sleep(0.1)  # stands in for a goodbye message
        print(f"{name}: disconnected")


async def main() -> None:
    async with open_session("database") as session:
        print(f"main: using the {session}")
    try:
        async with open_session("cache") as session:
            print(f"main: using the {session}")
            raise KeyError("user:42")
    except KeyError as error:
        print(f"main: caught {error!r}")


if __name__ == "__main__":
    asyncio.run(main())
