"""One handler that blocks the event loop holds up every other request."""

import asyncio
import time

import aiohttp
from aiohttp import web


async def report(request: web.Request) -> web.Response:
    # the mistake: a blocking call
    # holds the loop
    time.sleep(1)
    return web.Response(text="report")


async def search(request: web.Request) -> web.Response:
    await asyncio.sleep(1)  # waits 1 s for a search service, without blocking
    return web.Response(text="results")


async def visit(url: str, delay: float) -> None:
    start = time.perf_counter()
    await asyncio.sleep(delay)
    async with aiohttp.request("GET", url, timeout=aiohttp.ClientTimeout(5)) as reply:
        await reply.read()
    print(f"{reply.url.path} answered at {time.perf_counter() - start:.1f} s")


async def main() -> None:
    app = web.Application()
    app.add_routes([web.get("/report", report), web.get("/search", search)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    await asyncio.gather(visit(f"{url}/report", 0), visit(f"{url}/search", 0.1))
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
