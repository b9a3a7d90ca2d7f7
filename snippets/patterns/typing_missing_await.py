"""Four forgotten awaits: mypy --strict reports three of them before anything runs."""

import asyncio


async def fetch_size(url: str) -> int:
    await asyncio.sleep(0.1)  # stands in for a download
    return len(url) * 100


async def is_cached(url: str) -> bool:
    await asyncio.sleep(0)  # stands in for a cache lookup
    return url.endswith("/a")


async def save(url: str) -> None:
    await asyncio.sleep(0.1)  # stands in for a write
    print(f"saved {url}")


async def size_of_first(urls: list[str]) -> int:
    # the mistake: returns the
    # coroutine, not its int
    return fetch_size(urls[0])


async def main() -> None:
    urls = ["example.org/a", "example.org/bb"]
    total = 0
    for url in urls:
        # the mistake: a coroutine
        # object is always true
        if is_cached(url):
            continue
        # the mistake: adds the
        # coroutine, not its result
        total += fetch_size(url)
        # the mistake: save never runs
        save(url)
    print(f"total: {total} bytes, first: {await size_of_first(urls)} bytes")


if __name__ == "__main__":
    asyncio.run(main())
