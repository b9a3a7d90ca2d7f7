"""One asyncio.run for the whole program, and the client made inside it."""

import asyncio


class Client:
    """Keeps the loop it was made on, as many network clients do."""

    def __init__(self) -> None:
        self.loop = asyncio.get_running_loop()

    async def request(self, path: str) -> str:
        reply = self.loop.create_future()  # the answer arrives on this future
        asyncio.get_running_loop().call_later(0.1, reply.set_result, f"200 {path}")
        return await reply


async def main() -> None:
    client = Client()  # made inside the one loop that uses it
    for path in ["/prices", "/stock"]:
        print(await client.request(path))


if __name__ == "__main__":
    asyncio.run(main())
