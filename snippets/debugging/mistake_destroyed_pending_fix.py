"""Cleanup awaits its work, so asyncio.run waits for it before closing the loop."""

import asyncio


async def send_goodbye() -> None:
    print("sending goodbye")
    await asyncio.sleep(0.1)  # stands in for a network call
    print("goodbye sent")


async def serve() -> None:
    try:
        await asyncio.sleep(3600)  # serves until cancelled
    finally:
        await send_goodbye()  # part of the task, so the task is not done without it


async def main() -> None:
    server = asyncio.create_task(serve(), name="server")
    await asyncio.sleep(0.1)
    print(f"main returns; asyncio.run cancels {server.get_name()}")


if __name__ == "__main__":
    asyncio.run(main())
