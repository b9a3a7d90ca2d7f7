"""In debug mode the loop names any task step that holds the thread over 0.1 s."""

import asyncio
import time


async def load_report() -> str:
    await asyncio.sleep(0.1)
    # the mistake: it blocks the loop
    time.sleep(0.5)
    return "report.pdf"


async def main() -> None:
    loading = asyncio.create_task(load_report(), name="load report")
    print(f"loaded {await loading}")


if __name__ == "__main__":
    asyncio.run(main())
