"""Sample the tasks of another running program with Python 3.15's profiler."""

import asyncio
import sys
import tempfile
from asyncio.subprocess import DEVNULL, PIPE

# attach for 1 s, sample every task (waiting ones too), write one line per stack
SAMPLER = ["-m", "profiling.sampling", "attach", "--async-aware", "--async-mode"]
SAMPLER += ["all", "--duration", "1", "--collapsed", "-o"]


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


def readable(stack: str) -> str:
    """`tid:7;<task>:Task-1:0;x.py:shop:19;...;tasks.py:sleep:725 998`, shortened."""
    frames = [frame.split(":") for frame in stack.rsplit(" ", 1)[0].split(";")[1:]]
    return " > ".join(f"[{name}]" if at == "<task>" else name for at, name, _ in frames)


async def main() -> None:
    # this same file, run as the program to inspect
    app = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "shop", stdout=PIPE
    )
    assert app.stdout is not None
    try:
        async with asyncio.timeout(10):
            await app.stdout.readline()  # "ready": every task is waiting
            with tempfile.NamedTemporaryFile("r", suffix=".txt") as stacks:
                sampler = await asyncio.create_subprocess_exec(
                    sys.executable, *SAMPLER, stacks.name, str(app.pid), stdout=DEVNULL
                )
                await sampler.wait()
                for stack in sorted(stacks):
                    print(readable(stack))
    finally:
        app.terminate()
        async with asyncio.timeout(10):
            await app.wait()


if __name__ == "__main__":
    asyncio.run(shop() if sys.argv[1:] == ["shop"] else main())
