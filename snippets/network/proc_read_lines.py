"""Read a child's output line by line while it runs, not all at once at the end."""

import asyncio
import sys
import time

CHILD = """
import time
for step in range(1, 4):
    print(f"step {step} of 3 done", flush=True)  # flush: send the line now
    time.sleep(0.3)
"""


async def main() -> None:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, stdout=asyncio.subprocess.PIPE
    )
    assert child.stdout is not None  # there is a pipe: stdout=PIPE asked for it
    first = None
    async with asyncio.timeout(5):  # a child that stops talking cannot hang us
        while line := await child.stdout.readline():  # b"" when the child exits
            first = first or time.perf_counter()
            print(f"{time.perf_counter() - first:.1f} s: {line.decode().strip()}")
        print(f"exit code {await child.wait()}")


if __name__ == "__main__":
    asyncio.run(main())
