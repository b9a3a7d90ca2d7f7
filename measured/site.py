"""What a build of the site shows, and the build itself, under either builder.

Pages render through [`measured.extension`][], a Python-Markdown extension, so MkDocs
and Zensical show the same pages. Both read what this module gathers once per build
([`inputs`][measured.site.inputs]): the project, the last test run's figures with the
published site's for what it lacks, and whether pages get Run buttons. What only a
builder's output folder can take (Pyodide's files, the editor, the publishing build's
`measurements.json`) is [`finish`][measured.site.finish], a step of its own: the
MkDocs hook calls it after each build and `mkdocs serve`; a Zensical build is followed
by `python -m measured.site finish SITE_DIR`.

With `MEASURED_REQUIRE_FIGURES=1` in the environment (`make build` sets it when `CI`
is set: the publishing build), a claim whose figure is missing or failed, or a chart
or timeline without its run, stops the build with a message naming the page and the
claim, and `finish` writes every figure into the site as `measurements.json`, with
each claim's figures of the earlier published runs, read from the file it replaces
(see [`measured.measurements`][]).

Every other build fills in what it did not measure from that published file, read
from `extra.published` in `mkdocs.yml` (the published site's address;
`MEASURED_PUBLISHED` overrides it, and empty, the suite's own builds, turns it off) and kept under `.measurements/published/`; what it still lacks it shows as
"not measured in this build".
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from measured.errors import ContributorError
from measured.measurements import (
    DIRECTORY,
    Measurements,
    PublishedUnreadable,
    fetch_published,
    published_address,
    published_document,
    read_published,
    write_published,
)
from measured.project import ConfigLoader, Project
from measured.pyodide import (
    CORE_FILES,
    EDITOR,
    EDITOR_SITE_PATH,
    FETCHED,
    SITE_DIRECTORY,
    core_files,
)
from measured.render import RunHere

LOG = logging.getLogger("mkdocs.plugins.measured")
"""The build's log: under MkDocs, a warning here counts as mkdocs' own, and
`--strict` fails the build on it."""

BUILDERS = ("mkdocs", "zensical")
"""The builders the site builds with; the first is the default (see the contributing
guide's "Two builders")."""


class SiteError(Exception):
    """The build cannot show what it must: the message says why and what to do."""


@dataclass(frozen=True)
class Inputs:
    """What every page of one build is rendered from.

    Attributes:
        project: The pages, snippets and claims.
        measurements: The figures the pages show: this checkout's last test run,
            with the published site's for what it lacks.
        run_here: Where the build ships Pyodide, for the Run buttons; None: no page
            has one.
        publishing: The publishing build (`MEASURED_REQUIRE_FIGURES=1`).
        previous: The publishing build's earlier published figures, whose
            histories `measurements.json` carries on; None otherwise.
    """

    project: Project
    measurements: Measurements
    run_here: RunHere | None
    publishing: bool = False
    previous: dict[str, Any] | None = None


_cache: dict[tuple[Any, ...], Inputs] = {}
_lock = threading.Lock()


def fingerprint(root: Path) -> tuple[Any, ...]:
    """What changes when a page, a snippet or the stored figures change: a builder
    that serves the site re-renders from fresh inputs after an edit. (The figures'
    folders change when the suite writes a file; a page reads this once.)"""
    found: list[Any] = []
    for folder in (root / "docs", root / "snippets"):
        for path, _, names in os.walk(folder):
            for name in names:
                stat = os.stat(os.path.join(path, name))
                found.append((path, name, stat.st_mtime_ns, stat.st_size))
    figures = root / DIRECTORY
    if figures.is_dir():
        found.extend((e.name, e.stat().st_mtime_ns) for e in os.scandir(figures))
    return tuple(found)


def inputs(root: Path, published: str | None, run_here: bool = True) -> Inputs:
    """What this build's pages are rendered from, read once for every page (a
    builder makes a new Markdown converter, and so a new extension, per page).

    Args:
        root: The folder holding `mkdocs.yml`, `docs/` and `snippets/`.
        published: The published site's address, whose figures fill in those this
            checkout lacks; None or empty: none.
        run_here: Give each snippet that can run in a browser a Run button, where
            Pyodide's files are installed (off for the `file://` copy).

    Raises:
        ContributorError: A page, snippet or claim is malformed, or (publishing) a
            claim, chart or timeline has no passing figure.
        SiteError: The publishing build cannot read the published figures.
    """
    publishing = os.environ.get("MEASURED_REQUIRE_FIGURES") == "1"
    key = (
        str(root.resolve()),
        published or "",
        run_here,
        publishing,
        fingerprint(root),
    )
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = _read(root.resolve(), published or None, run_here, publishing)
        return _cache[key]


def forget() -> None:
    """Read the inputs afresh at the next page (a builder's new build)."""
    with _lock:
        _cache.clear()


def _read(
    root: Path, published: str | None, run_here: bool, publishing: bool
) -> Inputs:
    project = Project(root)
    measurements = Measurements.load(root)
    if publishing:
        missing = missing_figures(project, measurements)
        if missing:
            raise ContributorError(
                missing[0].split(":", 1)[0],
                "this build publishes the site, and every claim, chart and timeline "
                "needs a passing figure from `make test` first:\n  "
                + "\n  ".join(missing),
            )
    measurements, previous = with_published(
        root, project, published, measurements, publishing
    )
    return Inputs(
        project=project,
        measurements=dataclasses.replace(measurements, site=published),
        run_here=run_here_files(root) if run_here else None,
        publishing=publishing,
        previous=previous,
    )


def offline(plugins: Any) -> bool:
    """Whether a builder's plugins make the `file://` copy (the `offline` plugin is
    on), which has no Run buttons: Pyodide needs a server. MkDocs lists the plugins
    that are on; Zensical lists each of its own with its `enabled` setting."""
    for name in plugins:
        if str(name).split("/")[-1] == "offline":
            entry = plugins[name]
            settings = entry.get("config", {}) if isinstance(entry, dict) else {}
            return settings.get("enabled", True) is not False
    return False


def run_here_files(root: Path) -> RunHere | None:
    """What the Run buttons load, where `npm ci` installed Pyodide's files; None
    where it did not, and the log says so."""
    pyodide = core_files(root)
    if pyodide is None:
        LOG.info(
            "Pyodide's files are not installed (`npm ci`, which `make install` runs "
            "where npm is found): the pages have no Run buttons"
        )
        return None

    def size(names: Any) -> int:
        return sum((pyodide / name).stat().st_size for name in names)

    return RunHere(
        megabytes=size(FETCHED) / 1e6,
        script_megabytes=size(n for n in CORE_FILES if n not in FETCHED) / 1e6,
        bytes=size(FETCHED),
        editor=(root / EDITOR).is_file(),
    )


def with_published(
    root: Path,
    project: Project,
    site_url: str | None,
    measurements: Measurements,
    publishing: bool,
) -> tuple[Measurements, dict[str, Any] | None]:
    """The build's own figures, with the published site's for what it lacks and
    each claim's published history, and (publishing) the file they came from.

    The publishing build reads the file it replaces afresh, and stops if the site
    answers with anything but that file or a 404 (its history would be lost)."""
    if not site_url:
        LOG.info("no published site to read figures from (`published` is empty)")
        return measurements, None
    if publishing:
        url = published_address(site_url)
        try:
            previous = fetch_published(url)
        except PublishedUnreadable as error:
            raise SiteError(
                f"this build publishes the site with the figures of the earlier "
                f"published runs, but {error}. Publish without them, starting each "
                "claim's history again, with MEASURED_PUBLISHED= (empty)."
            ) from None
        if previous is None:
            LOG.info("%s has no published figures yet: each history starts here", url)
            return measurements, None
        return measurements.with_published(previous, project, url), previous
    document, said = read_published(root, site_url)
    LOG.info("figures of the published site: %s", said)
    if document is None:
        return measurements, None
    return (
        measurements.with_published(document, project, published_address(site_url)),
        None,
    )


def missing_figures(project: Project, measurements: Measurements) -> list[str]:
    """Each claim, chart and timeline of the site without a passing measurement."""
    found = []
    for page in project.pages:
        for claim in page.claims:
            figures = measurements.claims.get(claim.id)
            if figures is None:
                found.append(
                    f"{claim.page}:{claim.line}: claim {claim.id!r} was not measured"
                )
            elif not figures["passed"]:
                found.append(
                    f"{claim.page}:{claim.line}: claim {claim.id!r} failed: measured "
                    f"{figures['figure']}, outside its bound"
                )
        for chart in page.charts:
            gone = [s for s in chart.snippets if measurements.claim_run(s) is None]
            if gone:
                found.append(
                    f"{chart.page}:{chart.line}: chart {chart.id!r} has no run of "
                    + ", ".join(f"snippets/{s}" for s in gone)
                )
        for marker in page.markers:
            if (
                marker.name == "timeline"
                and marker.argument not in measurements.timelines
            ):
                found.append(
                    f"{page.path}:{marker.line}: timeline of snippets/{marker.argument} "
                    "has no instrumented run"
                )
    return found


def finish(root: Path, site_dir: Path, built: Inputs) -> None:
    """Put into a built site what its pages load but no page renders: Pyodide's
    core files and the editor, where the pages have Run buttons, and (publishing)
    every figure, with its history, as `measurements.json`."""
    if built.publishing:
        written = write_published(
            site_dir,
            published_document(built.project, built.measurements, built.previous),
        )
        LOG.info("wrote every figure, with its history, to %s", written)
    if built.run_here is None:
        return
    pyodide = core_files(root)
    assert pyodide is not None  # run_here is set only where they are installed
    target = site_dir / SITE_DIRECTORY
    target.mkdir(parents=True, exist_ok=True)
    for name in CORE_FILES:
        shutil.copy2(pyodide / name, target / name)
    if built.run_here.editor:
        editor = site_dir / EDITOR_SITE_PATH
        editor.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / EDITOR, editor)


def build_site(
    root: Path,
    out: Path,
    site_url: str | None = None,
    require_figures: bool = False,
    published: str | None = None,
    builder: str = BUILDERS[0],
) -> subprocess.CompletedProcess[str]:
    """Build `root`'s site with `--strict` into `out`, the way the suite, the
    browser tests and the Lighthouse check all build it.

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
        builder: `mkdocs` or `zensical`.

    Returns:
        The finished build; its `stderr` holds the builder's warnings.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("MEASURED_REQUIRE_FIGURES", None)
    if require_figures:
        env["MEASURED_REQUIRE_FIGURES"] = "1"
    if site_url:
        env["SITE_URL"] = site_url
    env["MEASURED_PUBLISHED"] = published or ""
    config = ["--config-file", str(root / "mkdocs.yml")]
    if builder == "mkdocs":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", *config]
        command += ["--site-dir", str(out)]
    elif builder == "zensical":
        command = [sys.executable, "-m", "measured.site", "zensical", str(out)]
    else:
        raise ValueError(f"no builder {builder!r}: one of {', '.join(BUILDERS)}")
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


def published_site(root: Path) -> str | None:
    """The published site whose figures a build shows where it has none of its own:
    `extra.published` in `mkdocs.yml` (`MEASURED_PUBLISHED` overrides it); None
    when it is empty."""
    data = yaml.load(
        (root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader
    )
    return ((data or {}).get("extra") or {}).get("published") or None


def zensical_build(root: Path, out: Path) -> int:
    """`zensical build --strict` into `out`, then [`finish`][measured.site.finish].

    Zensical reads `zensical.yml` (which inherits `mkdocs.yml`), and takes its
    site folder only from its configuration, and only inside the project: the
    build writes a configuration that inherits it and names one under
    `.zensical/`, and moves what it built to `out`."""
    work = root / ".zensical"
    work.mkdir(exist_ok=True)
    built = work / f"site-{os.getpid()}"
    # beside mkdocs.yml: Zensical's project is the configuration file's folder
    copy = root / f".zensical-{os.getpid()}.yml"
    copy.write_text(
        f"INHERIT: zensical.yml\nsite_dir: {built.relative_to(root)}\n",
        encoding="utf-8",
    )
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(copy)],
            cwd=root,
            # Zensical's messages in plain text, for a log
            env={**os.environ, "NO_COLOR": "1"},
        )
        if done.returncode:
            return done.returncode
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(built, out)
    finally:
        copy.unlink(missing_ok=True)
        shutil.rmtree(built, ignore_errors=True)
    finish(root, out, inputs(root, published_site(root)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m measured.site zensical SITE_DIR`: build the site with Zensical;
    `python -m measured.site finish SITE_DIR`: copy what the pages load into a site
    a builder has written."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in ("zensical", "finish"):
        print(main.__doc__, file=sys.stderr)
        return 2
    root, out = Path.cwd(), Path(args[1])
    logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s")
    try:
        if args[0] == "zensical":
            return zensical_build(root, out)
        finish(root, out, inputs(root, published_site(root)))
    except (ContributorError, SiteError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
