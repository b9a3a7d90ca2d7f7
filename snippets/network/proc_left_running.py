"""A program ends without killing its child: is the child still running?"""

import asyncio
import os
import signal
import sys

# A program that gives up on a hung child after 0.5 s and ends without kill().
FORGETS_ITS_CHILD = """
import asyncio, sys
async def main():
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", "import time; time.sleep(60)",
        stdout=asyncio.subprocess.DEVNULL)
    print(child.pid)  # for the checker below, not for you
    try:
        async with asyncio.timeout(0.5):
            await child.wait()
    except TimeoutError:
        print("program: no exit after 0.5 s; ending without kill()")
asyncio.run(main())
"""


def running(pid: int) -> bool:  # Linux only: reads the process's state in /proc
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # Z: has ended
    except FileNotFoundError:
        return False


async def main() -> None:
    program = await asyncio.create_subprocess_exec(
        sys.executable, "-c", FORGETS_ITS_CHILD, stdout=asyncio.subprocess.PIPE
    )
    async with asyncio.timeout(5):
        child, said = (await program.communicate())[0].decode().splitlines()
    print(said)
    await asyncio.sleep(1)
    if running(int(child)):
        print("child: still running 1 s after the program ended")
        os.kill(int(child), signal.SIGKILL)  # the checker cleans up after it
    else:
        print("child: ended with the program")


if __name__ == "__main__":
    asyncio.run(main())
