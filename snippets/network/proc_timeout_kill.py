"""A child that hangs: the timeout ends the wait, kill() ends the child."""

import asyncio
import sys

HANGS = "import time; time.sleep(60)"  # stands in for a command that never ends


async def main() -> None:
    child = await asyncio.create_subprocess_exec(sys.executable, "-c", HANGS)
    try:
        async with asyncio.timeout(0.5):
            await child.wait()
    except TimeoutError:
        print(f"no exit after 0.5 s; returncode: {child.returncode} (still running)")
        child.kill()  # sends SIGKILL on Linux and macOS
        print(f"killed; returncode: {await child.wait()}")  # wait() reaps it


if __name__ == "__main__":
    asyncio.run(main())
