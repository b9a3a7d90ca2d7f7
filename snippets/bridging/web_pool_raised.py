"""The same 120 requests, with the thread limit raised to 120 at startup."""

import asyncio
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
import httpx
import uvicorn
from fastapi import FastAPI


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    # runs on the server's event loop, before the first request
    anyio.to_thread.current_default_thread_limiter().total_tokens = 120
    yield


app = FastAPI(lifespan=lifespan)
threads_used: set[int] = set()


@app.get("/report")
def report() -> str:
    threads_used.add(threading.get_ident())
    time.sleep(1)  # blocking: a sync database driver, requests
    return "ready"


async def main() -> None:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(5):  # uvicorn sets a flag, not an event, once up
            while not server.started:
                await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        start = time.perf_counter()
        limits = httpx.Limits(max_connections=120)  # httpx's default is 100
        async with httpx.AsyncClient(timeout=10, limits=limits) as client:
            url = f"http://127.0.0.1:{port}/report"
            answers = await asyncio.gather(*(client.get(url) for _ in range(120)))
        ok = sum(answer.status_code == 200 for answer in answers)
        print(f"{ok} of 120 answered in {time.perf_counter() - start:.1f} s")
        print(f"served by {len(threads_used)} threads")
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving


if __name__ == "__main__":
    asyncio.run(main())
