"""eager_start=True runs a task's first step inside create_task, before it returns."""

import asyncio


async def load_profile() -> str:
    print("    task: runs until its first await")
    await asyncio.sleep(0.1)
    print("    task: resumes after the wait")
    return "profile"


async def main() -> None:
    for eager in (False, True):
        print(f"create_task(load_profile(), eager_start={eager})")
        task = asyncio.create_task(load_profile(), eager_start=eager)
        print("    main: create_task returned")
        await task


if __name__ == "__main__":
    asyncio.run(main())
