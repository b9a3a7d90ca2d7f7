"""A program ends without killing its child: is the child still running?"""

import asyncio
import os
import signal
import sys
from asyncio.subprocess import PIPE

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


async def main() -> None:
    # The child inherits the program's stderr: the pipe ends when both have ended.
    program = await asyncio.create_subprocess_exec(
        sys.executable, "-c", FORGETS_ITS_CHILD, stdout=PIPE, stderr=PIPE
    )
    async with asyncio.timeout(5):
        child, said = (await program.stdout.read()).decode().splitlines()
    print(said)  # stdout has ended: the program has ended
    try:
        async with asyncio.timeout(1):
            await program.stderr.read()
        print("child: ended with the program")
    except TimeoutError:
        print("child: still running 1 s after the program ended")
        os.kill(int(child), signal.SIGKILL)  # the checker cleans up after it
    async with asyncio.timeout(5):
        await program.communicate()  # stderr to its end, then the exit code


if __name__ == "__main__":
    asyncio.run(main())
