"""An aiohttp server holds twenty slow requests at once: all finish in about 0.5 s."""

import asyncio

from aiohttp import ClientSession, ClientTimeout, web


async def report(request: web.Request) -> web.Response:
    await asyncio.sleep(0.5)  # waits for something slow: a database, another service
    return web.Response(text="report ready")


async def get(session: ClientSession, path: str) -> str:
    async with session.get(path) as response:
        return await response.text()


async def main() -> None:
    app = web.Application()
    app.add_routes([web.get("/report", report)])
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:  # twenty users ask at once, each with 5 s to get an answer
        async with ClientSession(base_url, timeout=ClientTimeout(total=5)) as session:
            answers = await asyncio.gather(
                *(get(session, "/report") for _ in range(20))
            )
    finally:
        await runner.cleanup()  # stop listening, close connections, shut down the app
    print(f"{answers.count('report ready')} of {len(answers)} answered")


if __name__ == "__main__":
    asyncio.run(main())
