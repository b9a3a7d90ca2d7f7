"""A decorator typed with Callable[..., Any]: mypy stops checking every call."""

import asyncio
import functools
from collections.abc import Callable
from typing import Any, reveal_type


def logged(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        print(f"calling {func.__name__}")
        return await func(*args, **kwargs)

    return wrapper


@logged
async def fetch_page(url: str, *, lang: str) -> str:
    await asyncio.sleep(0.05)  # stands in for a request
    return f"<html lang={lang}>{url}</html>"


async def main() -> None:
    reveal_type(fetch_page)
    # a port for the URL, a number for the language, and bytes for the page
    page: bytes = await fetch_page(80, lang=1)
    print(page)


if __name__ == "__main__":
    asyncio.run(main())
