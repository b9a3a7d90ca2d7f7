"""shield stops the cancellation, not the waiting: the caller still gives up."""

import asyncio


async def save(order: str) -> None:
    try:
        await asyncio.sleep(1.0)
        print(f"save: {order} written")
    except asyncio.CancelledError:
        print(f"save: {order} cancelled")
        raise


async def main() -> None:
    saving = asyncio.create_task(save("order 42"))
    try:
        async with asyncio.timeout(0.5):
            await asyncio.shield(saving)
    except TimeoutError:
        print("main: timed out waiting for the save")
    print(f"main: the save is still running: {not saving.done()}")
    print("main: returning")


if __name__ == "__main__":
    asyncio.run(main())
