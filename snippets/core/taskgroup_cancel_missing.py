"""Before Python 3.15, a TaskGroup has no cancel() method."""

import asyncio


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(asyncio.sleep(3))
        group.cancel()  # new in Python 3.15
    print("the group ended early")


if __name__ == "__main__":
    asyncio.run(main())
