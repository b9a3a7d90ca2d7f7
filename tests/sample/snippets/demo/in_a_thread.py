"""A blocking read handed to a thread, so that the event loop stays free."""

import asyncio
import time


def read_settings() -> str:
    time.sleep(0.1)  # stands in for a blocking read of a file
    return "settings read"


async def main() -> None:
    print(await asyncio.to_thread(read_settings))


if __name__ == "__main__":
    asyncio.run(main())
