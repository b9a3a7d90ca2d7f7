"""The mkdocs hook that renders markers into pages (see [`measured.render`][]).

`mkdocs.yml` lists this file under `hooks:`. It reads the project and the last test
run's measurements once per build, then expands each page's markers before Markdown
is converted, so `pymdownx.snippets` embeds the files they name.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

# mkdocs loads a hook by its file path; the harness package beside it is imported from
# the repository root, which is not installed as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measured.errors import ContributorError
from measured.measurements import Measurements
from measured.project import Project
from measured.render import render_page

_state: dict[str, Any] = {}


def on_config(config: Any) -> Any:
    """Read the project and the measurements at the start of every build."""
    root = Path(config.config_file_path).resolve().parent
    try:
        _state["project"] = Project(root)
    except ContributorError as error:
        raise PluginError(str(error)) from None
    _state["measurements"] = Measurements.load(root)
    return config


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Expand the markers of one page."""
    project: Project = _state["project"]
    path = f"docs/{page.file.src_uri}"
    found = [p for p in project.pages if p.path == path]
    if not found:
        return markdown
    try:
        return render_page(markdown, found[0], project, _state["measurements"])
    except ContributorError as error:
        raise PluginError(str(error)) from None
