"""After the suite, nothing it started is still running or listening."""

from __future__ import annotations

import pytest

from measured.runner import left_running, suite_id

pytestmark = pytest.mark.last


def test_nothing_the_snippets_started_is_left_running() -> None:
    leftovers = left_running(suite_id())
    assert not leftovers, "still running after the suite:\n" + "\n".join(leftovers)
