"""Choosing the event loop through a policy: deprecated from Python 3.14."""

import asyncio


class CustomLoop(asyncio.SelectorEventLoop):
    """Stands in for a loop of your own, or a third-party one such as uvloop's."""

    def __init__(self) -> None:
        super().__init__()
        print("CustomLoop created")


class CustomLoopPolicy(asyncio.DefaultEventLoopPolicy):
    def new_event_loop(self) -> asyncio.AbstractEventLoop:
        return CustomLoop()


async def main() -> None:
    print(f"main runs on {type(asyncio.get_running_loop()).__name__}")


if __name__ == "__main__":
    asyncio.set_event_loop_policy(CustomLoopPolicy())  # the old way
    asyncio.run(main())
