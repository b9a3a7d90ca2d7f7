"""The one error type a contributor sees, naming the file and line at fault."""

from __future__ import annotations

from pathlib import Path


class ContributorError(Exception):
    """A mistake in a page, a snippet or a claim, reported with its location.

    The message always starts with `path:line:` (or `path:` when no line applies),
    so editors and terminals can jump straight to it.

    Args:
        path: The file at fault, relative to the repository root where possible.
        message: What is wrong and, where it helps, how to fix it.
        line: The 1-based line number, if the mistake has one.
    """

    def __init__(self, path: str | Path, message: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")
