"""A task started during shutdown outlives the event loop that ran it."""

import asyncio


async def send_goodbye() -> None:
    print("sending goodbye")
    await asyncio.sleep(0.1)  # stands in for a network call
    print("goodbye sent")


async def serve() -> None:
    try:
        await asyncio.sleep(3600)  # serves until cancelled
    finally:
        # the mistake
        asyncio.create_task(send_goodbye(), name="goodbye")


async def main() -> None:
    server = asyncio.create_task(serve(), name="server")
    await asyncio.sleep(0.1)
    print(f"main returns; asyncio.run cancels {server.get_name()}")


if __name__ == "__main__":
    asyncio.run(main())
