"""Without a SIGTERM handler, SIGTERM ends the process at once: no finally runs."""

import asyncio


async def handle_job() -> None:
    await asyncio.sleep(0.2)  # stands in for real work: a query, a request


async def worker(name: str) -> None:
    print(f"{name}: connected")
    try:
        while True:
            await handle_job()
    finally:
        print(f"{name}: connection closed")  # never printed after SIGTERM


async def main() -> None:
    async with asyncio.timeout(10), asyncio.TaskGroup() as tg:
        tg.create_task(worker("reader"))
        tg.create_task(worker("writer"))
        print("running; no handler for SIGTERM")


if __name__ == "__main__":
    asyncio.run(main())
