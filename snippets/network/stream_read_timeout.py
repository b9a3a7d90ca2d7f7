"""The same stream, with 2 s pauses, read with a timeout shorter than a pause."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route


async def ticks() -> AsyncIterator[str]:
    try:
        for n in range(1, 6):
            if n > 1:
                await asyncio.sleep(2)  # this stream pauses 2 s between events
            yield f"data: tick {n}\n\n"
    except asyncio.CancelledError:  # the client went away
        print("server: the client left; the generator stops")
        raise


async def events(request: Request) -> StreamingResponse:
    return StreamingResponse(ticks(), media_type="text/event-stream")


async def main() -> None:
    app = Starlette(routes=[Route("/events", events)])
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(5):  # uvicorn sets a flag, not an event, once up
            while not server.started:  # noqa: ASYNC110
                await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        url = f"http://127.0.0.1:{port}/events"
        try:
            async with (
                httpx.AsyncClient(timeout=0.5) as client,  # 0.5 s for each read
                client.stream("GET", url) as reply,
            ):
                start = time.perf_counter()  # the headers are in; the body follows
                async for line in reply.aiter_lines():
                    if line:  # a blank line ends each event
                        print(f"{line} at {time.perf_counter() - start:.1f} s")
        except httpx.ReadTimeout:  # no byte came within 0.5 s
            failed_at = time.perf_counter() - start
    finally:
        server.should_exit = True  # finish open requests, then shut down
        await serving
    print(f"client: httpx.ReadTimeout at {failed_at:.1f} s")


if __name__ == "__main__":
    asyncio.run(main())
