"""A nightly job copies three services' records; a failed copy is logged, not fatal."""

import asyncio


async def copy_records(service: str, seconds: float) -> None:
    await asyncio.sleep(seconds)  # stands in for the service's API
    if service == "inventory":
        raise ConnectionError(f"{service}: connection refused")
    print(f"{service}: records copied")


async def nightly_sync() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            group.create_task(copy_records("customers", 0.5))
            group.create_task(copy_records("inventory", 1.0))
            group.create_task(copy_records("orders", 2.0))
    except Exception as error:
        print(f"sync failed: {error}")


async def main() -> None:
    await nightly_sync()
    print("nightly job done")


if __name__ == "__main__":
    asyncio.run(main())
