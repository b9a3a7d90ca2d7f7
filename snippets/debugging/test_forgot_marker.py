"""In strict mode, an async test without a marker fails instead of running."""

import asyncio


# the mistake: no @pytest.mark.asyncio
async def test_sleep_returns_none() -> None:
    assert await asyncio.sleep(0) is None
