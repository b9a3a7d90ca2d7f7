"""A client that reads nothing for 1 s: uvicorn stops pulling from the generator."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

CHUNK = bytes(1024 * 1024)  # 1 MiB; 16 of them, more than the sockets hold
done_at: list[float] = []


async def chunks() -> AsyncIterator[bytes]:
    start = time.perf_counter()
    for _ in range(16):
        yield CHUNK  # paused here while the client does not read
    done_at.append(time.perf_counter() - start)


async def download(request: Request) -> StreamingResponse:
    return StreamingResponse(chunks(), media_type="application/octet-stream")


async def main() -> None:
    app = Starlette(routes=[Route("/data", download)])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(5):  # uvicorn sets a flag, not an event, once up
            while not server.started:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}/data"
        async with (
            httpx.AsyncClient(timeout=5) as client,
            client.stream("GET", url) as reply,
        ):
            await asyncio.sleep(1)  # the client is busy and reads nothing
            size = sum([len(part) async for part in reply.aiter_bytes()])
    finally:
        server.should_exit = True
        await serving
    print(f"client: read nothing for 1.0 s, then {size // 2**20} MiB")
    print(f"server: the generator gave its last chunk after {done_at[0]:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
