"""The project as the harness sees it: pages, the snippets they show, their claims.

A newcomer finds everything in three places:

| what | where |
|---|---|
| a page | `docs/<section>/<page>.md` |
| its programs | `snippets/<section>/<name>.py`, each with its recording `<name>.out` |
| how they run, what the page claims and draws | the page's front matter (`snippets:`, `claims:`, `charts:`) |

A page shows a snippet with a marker line, `{{ run("basics/overlap.py") }}`, and
states a claim with `{{ claim("overlap-takes-longest-wait") }}`, draws a chart with
`{{ chart("id") }}` and a timeline of a real run with `{{ timeline("basics/overlap.py") }}`.
[`Project.problems`][measured.project.Project.problems] lists every way these can
disagree, each naming its file and line.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils.meta import YAML_RE, get_data

from measured.charts import Chart
from measured.claims import Claim
from measured.errors import ContributorError
from measured.exercises import Exercise
from measured.exercises import problems as exercise_problems
from measured.interpreters import SUPPORTED
from measured.settings import RunSettings, did_you_mean

MARKER = re.compile(r"^\{\{\s*(?P<name>\w+)\((?P<args>.*)\)\s*\}\}\s*$")
"""A marker line: `{{ run("basics/a.py") }}`, `{{ claim("id") }}`, `{{ chart("id") }}`,
`{{ timeline("basics/a.py") }}`, `{{ claims_index() }}`."""

MARKERS = {
    "run": 1,
    "exercise": 1,
    "claim": 1,
    "chart": 1,
    "timeline": 1,
    "claims_index": 0,
}
"""Each marker's name and how many quoted arguments it takes."""

SHOWING = ("run", "exercise")
"""The markers that show a snippet: `exercise` shows its starter as `run` does, with a
Check button (see [`measured.exercises`][])."""

MARKER_OPTIONS = {"run": {"variant_of"}}
"""The named arguments a marker may take after its quoted one:
`{{ run("basics/overlap.py", variant_of="basics/sequential.py") }}` shows a snippet
as a variant of another, with the lines that differ from it highlighted."""

MARKER_ARGUMENTS = re.compile(r'"([^"]+)"((?:\s*,\s*\w+\s*=\s*"[^"]+")*)\s*,?')
MARKER_OPTION = re.compile(r'(\w+)\s*=\s*"([^"]+)"')


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that remembers the line of every mapping it reads."""


class LineDict(dict):
    """A mapping read from YAML, with the 1-based line it started on in the file."""

    line: int = 0
    key_lines: dict[Any, int]
    """The 1-based line of each key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, _ in node.value:
        try:
            key = loader.construct_object(key_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        except (TypeError, yaml.YAMLError):  # an unhashable key
            continue
    return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
)


@dataclass(frozen=True)
class Marker:
    """One marker line in a page."""

    name: str
    argument: str | None
    line: int
    options: dict[str, str] = field(default_factory=dict)
    """Its named arguments, such as `variant_of` (see `MARKER_OPTIONS`)."""

    @property
    def variant_of(self) -> str | None:
        """The snippet a `run` marker shows this one as a variant of."""
        return self.options.get("variant_of")


@dataclass
class Page:
    """One Markdown page under `docs/`, with what its front matter declares."""

    path: str
    meta: dict[str, Any]
    markers: list[Marker]
    settings: dict[str, RunSettings] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    exercises: dict[str, Exercise] = field(default_factory=dict)
    """Its exercises, by starter snippet."""
    body_offset: int = 0
    """Lines before the body (the front matter), to turn body lines into file lines."""
    setting_lines: dict[str, int] = field(default_factory=dict)
    """The line of each snippet name in the `snippets:` settings."""
    broken: ContributorError | None = None
    """The mistake in the front matter that kept this page from being read, in a
    lenient project; such a page has its markers and nothing else."""
    title: str | None = None
    """The text of the page's first `# Title` line, if it has one."""

    @property
    def shows(self) -> list[str]:
        """The snippets this page embeds, in order."""
        return [m.argument for m in self.markers if m.name in SHOWING and m.argument]


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split a page into its YAML front matter and body, as mkdocs does.

    mkdocs' own parser (`mkdocs.utils.meta.get_data`) decides what the body is,
    so a line of the body the build reports is the same line here: it also drops
    the blank lines between the front matter and the body.

    Returns:
        The front matter, the body (the Markdown mkdocs hands to the hooks), and the
        line where the front matter starts (the line after the opening `---`), or
        `("", body, 0)` without one.
    """
    match = YAML_RE.match(text)
    body, _ = get_data(text)
    if not match:
        return "", body, 0
    return match[1], text[match.end() :].lstrip("\n"), 2


H1 = re.compile(r"^#[ \t]+(\S.*?)(?:[ \t]+#*)?[ \t]*$")
"""A level-one heading line, `# Title`."""


def find_title(body: str) -> str | None:
    """The text of the first `# Title` line of a page's body, outside code fences."""
    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = H1.match(line)
        if match and not in_fence:
            return match[1]
    return None


def read_markers(path: str, text: str) -> list[Marker]:
    """Find the marker lines in a page's text, checking each one's shape."""
    found = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        match = MARKER.match(line.strip())
        if in_fence or not match:
            continue
        name, raw = match["name"], match["args"].strip()
        if name not in MARKERS:
            raise ContributorError(
                path, f"unknown marker {name!r}; known: {', '.join(MARKERS)}", number
            )
        args = MARKER_ARGUMENTS.fullmatch(raw) if raw else None
        if (MARKERS[name] == 1) != bool(args) or (raw and not args):
            shape = f'{name}("...")' if MARKERS[name] else f"{name}()"
            raise ContributorError(
                path, f"malformed marker, write {{{{ {shape} }}}}", number
            )
        options = dict(MARKER_OPTION.findall(args[2])) if args else {}
        allowed = MARKER_OPTIONS.get(name, set())
        for option in options:
            if option not in allowed:
                known = ", ".join(sorted(allowed)) or "none"
                raise ContributorError(
                    path,
                    f"marker {name}() takes no argument {option!r}; known: {known}",
                    number,
                )
        found.append(Marker(name, args[1] if args else None, number, options))
    return found


def read_page(root: Path, path: Path) -> Page:
    """Read one page: its front matter, snippet settings, claims and markers."""
    rel = path.relative_to(root).as_posix()
    text = path.read_text()
    front, body, offset = split_front_matter(text)
    try:
        meta = yaml.load(front, Loader=_LineLoader) if front else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + offset if mark else None
        raise ContributorError(
            rel,
            f"front matter is not valid YAML: {yaml_problem(error, offset)}"
            + quote_hint(error, front),
            line,
        ) from None
    meta = meta or LineDict()
    if not isinstance(meta, dict):
        raise ContributorError(rel, "front matter must be a mapping", offset)
    page = Page(rel, meta, read_markers(rel, text), title=find_title(body))
    # the lines before the body, as mkdocs gives it to the hook (see render_page)
    page.body_offset = text[: len(text) - len(body)].count("\n")
    snippets = meta.get("snippets") or {}
    if not isinstance(snippets, dict):
        raise ContributorError(
            rel, "`snippets:` must map snippet names to settings", offset
        )
    key_lines = getattr(snippets, "key_lines", {})
    for name, data in snippets.items():
        named = key_lines.get(name, 1) + offset - 1
        line = (getattr(data, "line", 0) or key_lines.get(name, 1)) + offset - 1
        page.settings[str(name)] = RunSettings.from_mapping(data or {}, rel, line)
        page.setting_lines[str(name)] = named
    claims = meta.get("claims") or []
    if not isinstance(claims, list):
        raise ContributorError(rel, "`claims:` must be a list", offset)
    for data in claims:
        line = (getattr(data, "line", 0) or 1) + offset - 1
        page.claims.append(Claim.from_mapping(data, rel, line))
    charts = meta.get("charts") or []
    if not isinstance(charts, list):
        raise ContributorError(rel, "`charts:` must be a list", offset)
    for data in charts:
        line = (getattr(data, "line", 0) or 1) + offset - 1
        page.charts.append(Chart.from_mapping(data, rel, line))
    exercises = meta.get("exercises") or {}
    if not isinstance(exercises, dict):
        raise ContributorError(
            rel, "`exercises:` must map starter snippets to their exercise", offset
        )
    key_lines = getattr(exercises, "key_lines", {})
    for name, data in exercises.items():
        line = (getattr(data, "line", 0) or key_lines.get(name, 1)) + offset - 1
        page.exercises[str(name)] = Exercise.from_mapping(name, data, rel, line)
    return page


def yaml_problem(error: yaml.YAMLError, offset: int) -> str:
    """A YAML error in the page's lines, not the front matter's: PyYAML counts from
    the front matter's first line, the page from its `---`."""
    if not isinstance(error, yaml.MarkedYAMLError):
        return str(error)
    parts = []
    for text, mark in (
        (error.context, error.context_mark),
        (error.problem, error.problem_mark),
    ):
        if text:
            where = (
                f" (line {mark.line + offset}, column {mark.column + 1})"
                if mark
                else ""
            )
            parts.append(f"{text}{where}")
    return "; ".join(parts) or str(error)


KEY_AND_VALUE = re.compile(r"^\s*(?:-\s+)?([\w./-]+):\s+(\S.*?)\s*$")


def quote_hint(error: yaml.YAMLError, front: str) -> str:
    """`; if that value is text, quote it: says: "The answer: 42"`, for the line a
    YAML error is on: a colon and a space, a leading backtick, `[` or `*` make YAML
    read text as something else."""
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    lines = front.splitlines()
    if mark is None or mark.line >= len(lines):
        return ""
    match = KEY_AND_VALUE.match(lines[mark.line])
    if not match or match[2][0] in "\"'":
        return ""
    quoted = json.dumps(match[2], ensure_ascii=False)
    return f"; if that value is text, quote it: {match[1]}: {quoted}"


def broken_page(root: Path, path: Path, error: ContributorError) -> Page:
    """A page whose front matter is wrong, kept for what its body shows (see
    `Project(root, lenient=True)`)."""
    rel = path.relative_to(root).as_posix()
    try:
        markers = read_markers(rel, path.read_text())
    except ContributorError:
        markers = []
    return Page(rel, {}, markers, broken=error)


def suggest_snippet(name: object, known: object) -> str:
    """` (did you mean snippets/basics/overlap.py?)` for a misspelled snippet name:
    a close file name in the same folder, or else a close path."""
    wanted = str(name)
    names = sorted(map(str, known))  # type: ignore[call-overload]
    folder, _, stem = wanted.rpartition("/")
    beside = {n.rpartition("/")[2]: n for n in names if n.rpartition("/")[0] == folder}
    close = [beside[n] for n in difflib.get_close_matches(stem, sorted(beside), n=1)]
    close = close or difflib.get_close_matches(wanted, names, n=1, cutoff=0.8)
    return f" (did you mean snippets/{close[0]}?)" if close else ""


class Project:
    """The pages and snippets of a checkout, read once.

    Args:
        root: The repository root, holding `docs/`, `snippets/` and `mkdocs.yml`.
        lenient: Keep a page whose front matter has a mistake, as
            [`Page.broken`][measured.project.Page.broken], and report the mistake
            among the [`problems`][measured.project.Project.problems], instead of
            raising it: the suite then runs every other page's tests.
    """

    def __init__(self, root: Path, lenient: bool = False):
        self.root = root.resolve()
        self.pages = []
        for path in sorted((self.root / "docs").rglob("*.md")):
            try:
                self.pages.append(read_page(self.root, path))
            except ContributorError as error:
                if not lenient:
                    raise
                self.pages.append(broken_page(self.root, path, error))

    def broken(self, snippet: str) -> ContributorError | None:
        """The front-matter mistake of a page showing `snippet`, if one has one."""
        for page in self.pages:
            if page.broken is not None and snippet in page.shows:
                return page.broken
        return None

    def snippets(self) -> list[str]:
        """Every snippet file, by its name under `snippets/` (`basics/overlap.py`)."""
        base = self.root / "snippets"
        return sorted(p.relative_to(base).as_posix() for p in base.rglob("*.py"))

    def pages_showing(self) -> dict[str, list[str]]:
        """Snippet name to the pages that show it or draw its timeline, such as
        `{"basics/overlap.py": ["docs/basics/what-is-async.md"]}`."""
        found: dict[str, list[str]] = {}
        for page in self.pages:
            for marker in page.markers:
                if marker.name in (*SHOWING, "timeline") and marker.argument:
                    pages = found.setdefault(marker.argument, [])
                    if page.path not in pages:
                        pages.append(page.path)
        return found

    def settings(self, snippet: str) -> RunSettings:
        """How `snippet` runs: its page's settings, or the defaults."""
        for page in self.pages:
            if snippet in page.settings:
                return page.settings[snippet]
        return RunSettings()

    @functools.cached_property
    def claims(self) -> dict[str, Claim]:
        """Every claim on the site, by id."""
        return {claim.id: claim for page in self.pages for claim in page.claims}

    @functools.cached_property
    def charts(self) -> dict[str, Chart]:
        """Every chart on the site, by id."""
        return {chart.id: chart for page in self.pages for chart in page.charts}

    def timelines(self) -> list[str]:
        """The snippets some page draws a timeline of, each once."""
        found = {
            str(m.argument)
            for page in self.pages
            for m in page.markers
            if m.name == "timeline"
        }
        return sorted(found)

    def groups(self) -> dict[str, str]:
        """A group name per snippet: snippets compared by a claim share a group.

        The suite runs each group on one worker, so a comparison's two programs are
        measured one after the other in the same run, and each runs only once.
        """
        return dict(self._groups)

    @functools.cached_property
    def _groups(self) -> dict[str, str]:
        # worked out once per project: collection asks for every snippet on every
        # Python, and each answer would otherwise list the snippets folder again
        parent = {name: name for name in self.snippets()}

        def find(name: str) -> str:
            while parent.setdefault(name, name) != name:
                name = parent[name]
            return name

        for claim in self.claims.values():
            if claim.baseline:
                parent[find(claim.baseline)] = find(claim.snippet)
        return {name: find(name) for name in parent}

    @functools.cached_property
    def _alone_groups(self) -> set[str]:
        return {g for s, g in self._groups.items() if self.settings(s).alone}

    def alone(self, snippet: str) -> bool:
        """Whether `snippet` runs alone: it or a snippet in its group says `alone`."""
        return self._groups.get(snippet, snippet) in self._alone_groups

    def problems(
        self, nav_pages: list[str] | None = None
    ) -> Iterator[ContributorError]:
        """Every disagreement between pages, snippets, recordings and claims.

        Args:
            nav_pages: The pages in the navigation, relative to `docs/`; when given,
                a page missing from it is a problem too.
        """
        snippets = set(self.snippets())
        shown: set[str] = set()
        seen_claims: dict[str, Claim] = {}
        seen_charts: dict[str, Chart] = {}
        configured: dict[str, str] = {}
        for page in self.pages:
            if page.broken is not None:
                yield page.broken
                shown.update(page.shows)
                continue
            ids = {claim.id for claim in page.claims}
            charts = {chart.id for chart in page.charts}
            for marker in page.markers:
                if marker.name in SHOWING:
                    shown.add(str(marker.argument))
                    if marker.argument not in snippets:
                        yield ContributorError(
                            page.path,
                            f"shows snippets/{marker.argument}, which does not exist"
                            + suggest_snippet(marker.argument, snippets),
                            marker.line,
                        )
                    base = marker.variant_of
                    if base is not None and base not in snippets:
                        yield ContributorError(
                            page.path,
                            f"shows snippets/{marker.argument} as a variant of "
                            f"snippets/{base}, which does not exist"
                            + suggest_snippet(base, snippets),
                            marker.line,
                        )
                    elif base == marker.argument:
                        yield ContributorError(
                            page.path,
                            f"shows snippets/{base} as a variant of itself",
                            marker.line,
                        )
                if marker.name == "timeline" and marker.argument not in page.shows:
                    yield ContributorError(
                        page.path,
                        f"draws a timeline of snippets/{marker.argument}, which this "
                        f'page does not show; add {{{{ run("{marker.argument}") }}}} first',
                        marker.line,
                    )
                if marker.name == "chart" and marker.argument not in charts:
                    yield ContributorError(
                        page.path,
                        f"places chart {marker.argument!r}, which this page's front "
                        "matter does not declare"
                        + did_you_mean(marker.argument, charts),
                        marker.line,
                    )
                if marker.name == "claim" and marker.argument not in ids:
                    yield ContributorError(
                        page.path,
                        f"places claim {marker.argument!r}, which this page's front "
                        "matter does not declare" + did_you_mean(marker.argument, ids),
                        marker.line,
                    )
            placed = {m.argument for m in page.markers if m.name == "claim"}
            # an exercise shows the claim its starter misses the goal by
            placed |= {exercise.fails for exercise in page.exercises.values()}
            for claim in page.claims:
                if claim.id in seen_claims:
                    yield ContributorError(
                        page.path,
                        f"claim id {claim.id!r} is already used by "
                        f"{seen_claims[claim.id].page}:{seen_claims[claim.id].line}",
                        claim.line,
                    )
                seen_claims[claim.id] = claim
                if claim.id not in placed:
                    yield ContributorError(
                        page.path,
                        f'claim {claim.id!r} is never placed; add {{{{ claim("{claim.id}") }}}}',
                        claim.line,
                    )
                for name in claim.snippets:
                    if name not in snippets:
                        yield ContributorError(
                            page.path,
                            f"claim {claim.id!r} measures snippets/{name}, which does not exist"
                            + suggest_snippet(name, snippets),
                            claim.line,
                        )
                loose = claim.cannot_fail()
                if loose:
                    yield ContributorError(page.path, loose, claim.bounds_line)
            drawn = {m.argument for m in page.markers if m.name == "chart"}
            for chart in page.charts:
                if chart.id in seen_charts:
                    yield ContributorError(
                        page.path,
                        f"chart id {chart.id!r} is already used by "
                        f"{seen_charts[chart.id].page}:{seen_charts[chart.id].line}",
                        chart.line,
                    )
                seen_charts[chart.id] = chart
                if chart.id not in drawn:
                    yield ContributorError(
                        page.path,
                        f'chart {chart.id!r} is never placed; add {{{{ chart("{chart.id}") }}}}',
                        chart.line,
                    )
                for name in chart.snippets:
                    if name not in snippets:
                        yield ContributorError(
                            page.path,
                            f"chart {chart.id!r} draws snippets/{name}, which does not exist"
                            + suggest_snippet(name, snippets),
                            chart.line,
                        )
            yield from exercise_problems(page, self.root, page.settings)
            for name in page.settings:
                if name not in page.shows:
                    yield ContributorError(
                        page.path,
                        f"has settings for snippets/{name}, but does not show it"
                        + suggest_snippet(name, page.shows),
                        page.setting_lines.get(name),
                    )
                if name in configured:
                    yield ContributorError(
                        page.path,
                        f"settings for snippets/{name} are also given by {configured[name]}",
                        page.setting_lines.get(name),
                    )
                configured[name] = page.path
            if page.title is None:
                yield ContributorError(
                    page.path,
                    "has no title; begin it with a `# Title` line (without one, the "
                    f"site titles it after its file name, {Path(page.path).stem!r})",
                )
            if nav_pages is not None:
                relative = page.path.removeprefix("docs/")
                if relative not in nav_pages:
                    yield ContributorError(
                        page.path,
                        "is not in the `nav:` of mkdocs.yml, so no menu of the site "
                        f"leads to it; list it there, under its section: `- {relative}`",
                    )
        for name in sorted(snippets):
            module = Path(name).stem
            if module in sys.stdlib_module_names:
                yield ContributorError(
                    f"snippets/{name}",
                    f"shares its name with the standard library's `{module}`, which it "
                    "hides from every snippet in its folder; rename it",
                )
        for name in sorted(snippets - shown):
            yield ContributorError(
                f"snippets/{name}",
                'no page shows this snippet; add {{ run("' + name + '") }} to a page',
            )
        base = self.root / "snippets"
        for out in sorted(base.rglob("*.out")):
            stem, _, version = out.name.removesuffix(".out").partition(".")
            program = out.with_name(f"{stem}.py").relative_to(base).as_posix()
            where = out.relative_to(self.root).as_posix()
            if program not in snippets:
                yield ContributorError(
                    where, "a recording without its snippet; delete it"
                )
            elif version and version not in SUPPORTED:
                yield ContributorError(
                    where,
                    f"{version!r} is not a supported Python ({', '.join(SUPPORTED)})",
                )
            elif version and not out.with_name(f"{stem}.out").exists():
                yield ContributorError(
                    where,
                    f"a recording for Python {version} without {stem}.out, the "
                    "recording every other version is compared with; record the "
                    f"snippet: `.venv/bin/pytest --update-examples snippets/{program}`",
                )
            elif (
                version and out.read_text() == out.with_name(f"{stem}.out").read_text()
            ):
                yield ContributorError(
                    where,
                    f"the same as {stem}.out, which covers every version; delete it",
                )


class ConfigLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml` as a builder does, for its `nav:` and `extra:`: `!ENV
    [NAME, default]` is the variable's value, or the default; any other tag
    (`!!python/name:`) reads as None."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    names = loader.construct_sequence(node, deep=True)
    for name in names[:-1]:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if len(names) > 1 else None


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
ConfigLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def reading_order(root: Path) -> list[tuple[str, str, str | None]]:
    """The pages of mkdocs.yml's `nav:`, in the order a reader meets them, each as
    `(path, section, title)`: `("docs/core/tasks.md", "Core concepts", None)`. The
    section is the top-level entry a page is under (a page at the top level is its
    own section, by its nav title); the title is the nav's, where it gives one."""
    config = root / "mkdocs.yml"
    if not config.is_file():
        return []
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=ConfigLoader)
    found: list[tuple[str, str, str | None]] = []

    def walk(entry: object, section: str | None, title: str | None = None) -> None:
        if isinstance(entry, str):
            found.append((f"docs/{entry}", section or title or entry, title))
        elif isinstance(entry, dict):
            for name, value in entry.items():
                walk(value, section or str(name), str(name))
        elif isinstance(entry, list):
            for value in entry:
                walk(value, section)

    walk((data or {}).get("nav") or [], None)
    return found
