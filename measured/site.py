"""Build the site: one strict `mkdocs build`, the way the suite, the browser tests and
the Lighthouse check all build it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def build_site(
    root: Path,
    out: Path,
    site_url: str | None = None,
    require_figures: bool = False,
    published: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """Build `root`'s site with `--strict` into `out`.

    Args:
        root: The folder holding `mkdocs.yml`.
        out: Where the built site goes.
        site_url: The address it will be served at (instant navigation only treats
            links to the site's own address as internal).
        require_figures: Refuse a failed or missing figure, as the publishing
            build does; off, a build shows them as failed or not measured.
        published: The published site whose figures fill in those the build
            lacks (`extra.published` in `mkdocs.yml`); None: none, so that what
            the suite checks is this checkout's figures alone, and no build of
            the suite reaches the network.

    Returns:
        The finished build; its `stderr` holds mkdocs' warnings.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MEASURED_REQUIRE_FIGURES", None)
    if require_figures:
        env["MEASURED_REQUIRE_FIGURES"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    env["MEASURED_PUBLISHED"] = published or ""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    return subprocess.run(
        [*command, "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(out)],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
