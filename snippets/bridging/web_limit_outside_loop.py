"""The thread limit belongs to one event loop: set outside it, it fails or is lost."""

import asyncio

import anyio.to_thread


async def raise_limit() -> None:
    anyio.to_thread.current_default_thread_limiter().total_tokens = 120


async def serve() -> None:  # stands for uvicorn.run(app), which starts its own loop
    limit = anyio.to_thread.current_default_thread_limiter().total_tokens
    print(f"limit in the server's loop: {limit}")


if __name__ == "__main__":
    try:  # a module-level line, run at import time
        anyio.to_thread.current_default_thread_limiter().total_tokens = 120
    except RuntimeError as error:
        print(f"{type(error).__name__}: {error}")
    asyncio.run(raise_limit())  # its own loop, closed when it returns
    asyncio.run(serve())
