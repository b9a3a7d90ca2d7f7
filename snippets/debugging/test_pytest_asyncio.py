"""Async tests with pytest-asyncio: a marker on each test, an async fixture."""

import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio


class Cart:
    def __init__(self) -> None:
        self.items: list[str] = []

    async def add(self, item: str) -> None:
        await asyncio.sleep(0.01)  # stands in for a database write
        self.items.append(item)


@pytest_asyncio.fixture
async def cart() -> AsyncIterator[Cart]:
    cart = Cart()
    await cart.add("welcome voucher")
    yield cart
    cart.items.clear()  # teardown runs after the test, on the same loop


@pytest.mark.asyncio
async def test_add_one(cart: Cart) -> None:
    await cart.add("tea")
    assert cart.items == ["welcome voucher", "tea"]


@pytest.mark.asyncio
async def test_adds_overlap(cart: Cart) -> None:
    await asyncio.gather(cart.add("tea"), cart.add("cake"))
    assert sorted(cart.items) == ["cake", "tea", "welcome voucher"]
