"""Calling asyncio.run inside an async def endpoint fails: a loop already runs there."""

import asyncio

import httpx
import uvicorn
from fastapi import FastAPI

app = FastAPI()


async def fetch_report() -> str:
    await asyncio.sleep(0.1)  # stands for an async database query
    return "ready"


@app.get("/report")
async def report() -> str:
    # the mistake: write
    # `await fetch_report()` instead
    return asyncio.run(fetch_report())


async def main() -> None:
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(5):  # uvicorn sets a flag, not an event, once up
            while not server.started:
                await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        async with httpx.AsyncClient(timeout=10) as client:
            answer = await client.get(f"http://127.0.0.1:{port}/report")
        print(f"{answer.status_code} {answer.text}")
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving


if __name__ == "__main__":
    asyncio.run(main())
