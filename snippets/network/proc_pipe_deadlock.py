"""wait() on a child whose output nobody reads: the child blocks on a full pipe."""

import asyncio
import sys

CHILD = "import sys; sys.stdout.write('x' * 1_000_000)"  # 1 MB of output


async def main() -> None:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CHILD, stdout=asyncio.subprocess.PIPE
    )
    try:
        async with asyncio.timeout(0.5):
            # the mistake: nobody reads
            # the pipe meanwhile
            await child.wait()
    except TimeoutError:
        print(f"wait() gave up after 0.5 s; returncode: {child.returncode}")
    async with asyncio.timeout(5):
        output, _ = await child.communicate()  # reads the pipe to the end, then waits
    print(f"communicate() read {len(output):,} bytes; returncode: {child.returncode}")


if __name__ == "__main__":
    asyncio.run(main())
