"""Four child processes that each sleep 1 s run side by side: about 1 s in all."""

import asyncio
import sys

CHILD = "import time; time.sleep(1)"  # stands in for any command that takes 1 s


async def run_child() -> int:
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", CHILD)
    return await child.wait()  # waits for the exit without blocking the loop


async def main() -> None:
    async with asyncio.TaskGroup() as group:
        runs = [group.create_task(run_child()) for _ in range(4)]
    print(f"exit codes: {[run.result() for run in runs]}")


if __name__ == "__main__":
    asyncio.run(main())
