"""A task cancelled before its first step never runs its body, not even its finally."""

import asyncio


async def handle(client: str, open_clients: set[str]) -> None:
    try:
        print(f"  {client}: handling")
        await asyncio.sleep(1)
    finally:
        # the handler owns the connection, so it closes it
        open_clients.discard(client)
        print(f"  {client}: connection closed")


async def accept_then_shut_down(client: str) -> None:
    open_clients = {client}  # accepted: the connection is open
    handler = asyncio.create_task(handle(client, open_clients))
    handler.cancel()  # a shutdown arrives before the handler's first step
    try:
        await handler
    except asyncio.CancelledError:
        print(f"  handler cancelled; still open: {sorted(open_clients)}")


async def main() -> None:
    print("default start:")
    await accept_then_shut_down("client 1")
    print("eager start:")
    loop = asyncio.get_running_loop()
    loop.set_task_factory(asyncio.eager_task_factory)
    try:
        await accept_then_shut_down("client 2")
    finally:
        loop.set_task_factory(None)  # back to the default start


if __name__ == "__main__":
    asyncio.run(main())
