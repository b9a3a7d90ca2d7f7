"""Task.print_stack shows where a task waits, but only in its own coroutine."""

import asyncio
import sys


async def fetch(page: int) -> str:
    await asyncio.sleep(3600)  # a reply that never comes
    return f"page {page}"


async def crawl(pages: int) -> None:
    for page in range(1, pages + 1):
        await fetch(page)


async def main() -> None:
    crawler = asyncio.create_task(crawl(3), name="crawler")
    await asyncio.sleep(0.1)
    crawler.print_stack(file=sys.stdout)
    frames = crawler.get_stack()
    print(f"get_stack: {[(f.f_code.co_name, f.f_lineno) for f in frames]}")
    crawler.cancel()
    await asyncio.gather(crawler, return_exceptions=True)  # wait until it has stopped


if __name__ == "__main__":
    asyncio.run(main())
