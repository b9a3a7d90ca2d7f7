"""A task keeps its result or its exception; await, result() and exception() read it."""

import asyncio


async def fetch(name: str, seconds: float) -> str:
    await asyncio.sleep(seconds)
    if name == "db":
        raise ConnectionError(f"{name} is down")
    return f"{name}: 200 OK"


async def main() -> None:
    unnamed = asyncio.create_task(fetch("cache", 0.1))
    api = asyncio.create_task(fetch("api", 0.1), name="fetch-api")
    db = asyncio.create_task(fetch("db", 0.2), name="fetch-db")
    print(f"{api.get_name()} done: {api.done()}")
    print(f"await gives the result: {await api}")
    try:
        await db
    except ConnectionError as error:
        print(f"await raises the exception: {error!r}")
    await unnamed
    for task in (unnamed, api, db):
        print(f"{task.get_name()}: exception() returns {task.exception()!r}")
    print(f"result() returns the result: {api.result()}")
    try:
        db.result()
    except ConnectionError as error:
        print(f"result() raises the exception again: {error!r}")


if __name__ == "__main__":
    asyncio.run(main())
