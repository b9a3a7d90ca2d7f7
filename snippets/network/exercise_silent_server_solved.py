"""A nightly report asks the rates service for today's rate, then builds itself."""

import asyncio


async def stuck(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """The rates service, on a bad night: it reads the question, never answers."""
    try:
        await asyncio.wait_for(reader.read(), timeout=5)  # read() waits for the end
    finally:
        writer.close()
        await writer.wait_closed()


async def ask_rate(port: int) -> str:
    async with asyncio.timeout(0.5):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"EUR/USD\n")
            await writer.drain()
            return (await reader.readline()).decode().strip()
        finally:
            writer.close()
            await writer.wait_closed()


async def build_report(port: int) -> None:
    try:
        rate = await ask_rate(port)
    except TimeoutError:
        print("no answer from the rates service: using yesterday's rate")
        rate = "1.08"
    await asyncio.sleep(0.5)  # stands in for building the report
    print(f"report built with EUR/USD at {rate}")


async def main() -> None:
    server = await asyncio.start_server(stuck, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        try:
            async with asyncio.timeout(3):  # the whole job's budget
                await build_report(port)
        except TimeoutError:
            print("gave up: the report used up the whole job's budget")


if __name__ == "__main__":
    asyncio.run(main())
