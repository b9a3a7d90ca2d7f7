"""A semaphore limits how many calls run at once, not how many start per second."""

import asyncio


async def call_api(number: int, limit: asyncio.Semaphore, began: float) -> None:
    async with limit:
        elapsed = asyncio.get_running_loop().time() - began
        print(f"call {number:2} starts at {elapsed:.1f} s")
        await asyncio.sleep(0.1)  # the request itself takes 0.1 s


async def main() -> None:
    limit = asyncio.Semaphore(5)  # meant as "five per second"
    began = asyncio.get_running_loop().time()
    async with asyncio.TaskGroup() as tg:
        for number in range(1, 11):
            tg.create_task(call_api(number, limit, began))


if __name__ == "__main__":
    asyncio.run(main())
