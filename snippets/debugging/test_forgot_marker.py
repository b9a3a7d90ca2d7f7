"""In strict mode, an async test without a marker fails instead of running."""

import asyncio


async def test_sleep_returns_none() -> None:  # the mistake: no @pytest.mark.asyncio
    assert await asyncio.sleep(0) is None
