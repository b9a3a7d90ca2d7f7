"""When one task in a TaskGroup fails, the group cancels the others and raises."""

import asyncio


async def download(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    print(f"{name} finished")
    return name


async def fail_after(seconds: float) -> None:
    await asyncio.sleep(seconds)
    raise ConnectionError("mirror is down")


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as group:
            first = group.create_task(download("first", 3))
            second = group.create_task(download("second", 3))
            group.create_task(fail_after(0.1))
    except* ConnectionError as failed:
        print(f"main caught {failed!r}")
    print(f"first cancelled: {first.cancelled()}")
    print(f"second cancelled: {second.cancelled()}")


if __name__ == "__main__":
    asyncio.run(main())
