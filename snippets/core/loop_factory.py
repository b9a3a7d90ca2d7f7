"""The same loop chosen with asyncio.run's loop_factory: no policy involved."""

import asyncio


class CustomLoop(asyncio.SelectorEventLoop):
    """Stands in for a loop of your own, or a third-party one such as uvloop's."""

    def __init__(self) -> None:
        super().__init__()
        print("CustomLoop created")


async def main() -> None:
    print(f"main runs on {type(asyncio.get_running_loop()).__name__}")


if __name__ == "__main__":
    asyncio.run(main(), loop_factory=CustomLoop)
