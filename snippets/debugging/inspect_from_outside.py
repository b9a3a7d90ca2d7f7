"""Start a program, then list its tasks from outside with `python -m asyncio`."""

import asyncio
import sys
from asyncio.subprocess import PIPE


async def fetch_price(item: str) -> None:
    await asyncio.sleep(3600)  # stands in for a reply that never comes


async def order(items: list[str]) -> None:
    async with asyncio.TaskGroup() as group:
        for item in items:
            group.create_task(fetch_price(item), name=item)


async def shop() -> None:
    async with asyncio.TaskGroup() as group:
        group.create_task(order(["tea", "cake"]), name="order 7")
        group.create_task(order(["jam"]), name="order 8")
        await asyncio.sleep(0.1)  # every task reaches its wait
        print("ready", flush=True)


async def main() -> None:
    # this same file, run as the program to inspect
    app = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "shop", stdout=PIPE
    )
    assert app.stdout is not None
    try:
        async with asyncio.timeout(10):
            await app.stdout.readline()  # "ready": every task is waiting
            for command in ("pstree", "ps"):
                tool = await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "asyncio", command, str(app.pid), stdout=PIPE
                )
                output, _ = await tool.communicate()
                print(f"$ python -m asyncio {command} PID\n{output.decode()}")
    finally:
        app.terminate()
        async with asyncio.timeout(10):
            await app.wait()


if __name__ == "__main__":
    asyncio.run(shop() if sys.argv[1:] == ["shop"] else main())
