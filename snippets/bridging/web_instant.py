"""The same server, whose endpoint answers at once: all but the wait."""

import asyncio
import time

import httpx
import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/report")
async def report() -> str:
    return "ready"  # no wait at all: what is left is the program around it


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
        async with httpx.AsyncClient(timeout=10) as client:
            url = f"http://127.0.0.1:{port}/report"
            answers = await asyncio.gather(*(client.get(url) for _ in range(10)))
        ok = sum(answer.status_code == 200 for answer in answers)
        print(f"{ok} of 10 answered in {time.perf_counter() - start:.1f} s")
    finally:
        server.should_exit = True  # stop listening, finish open requests, shut down
        await serving


if __name__ == "__main__":
    asyncio.run(main())
