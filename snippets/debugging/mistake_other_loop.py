"""A client made under one asyncio.run is used again under the next one."""

import asyncio


class Client:
    """Keeps the loop it was made on, as many network clients do."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()

    async def request(self, path: str) -> str:
        reply = self.loop.create_future()  # the answer arrives on this future
        asyncio.get_running_loop().call_later(0.1, reply.set_result, f"200 {path}")
        return await reply


client: Client | None = None


async def fetch(path: str) -> None:
    global client
    if client is None:
        client = Client()  # made once, kept for every later call
    print(await client.request(path))


if __name__ == "__main__":
    for path in ["/prices", "/stock"]:
        # the mistake: a loop per call
        asyncio.run(fetch(path))
