"""The same setup and teardown as a class with __aenter__ and __aexit__."""

import asyncio
from types import TracebackType


class Session:
    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> "Session":
        print(f"{self.name}: connecting")
        await asyncio.sleep(0.1)  # stands in for a handshake
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:  # returning None (false) lets an exception go on
        await asyncio.sleep(0.1)  # stands in for a goodbye message
        ending = f"after {exc_type.__name__}" if exc_type else "cleanly"
        print(f"{self.name}: disconnected {ending}")


async def main() -> None:
    async with Session("database") as session:
        print(f"main: using the {session.name} session")
    try:
        async with Session("cache") as session:
            print(f"main: using the {session.name} session")
            raise KeyError("user:42")
    except KeyError as error:
        print(f"main: caught {error!r}")


if __name__ == "__main__":
    asyncio.run(main())
