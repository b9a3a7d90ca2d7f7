"""The Python-Markdown extension every page renders through (`measured/extension.py`),
on the sample project in `tests/sample/`: a page converted by Python-Markdown alone,
with the guide's own list of extensions, shows what a builder shows."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml

from measured.errors import ContributorError
from measured.extension import MeasuredExtension
from measured.project import ConfigLoader, split_front_matter
from measured.site import offline

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).resolve().parents[1] / "sample"
PAGE = "docs/index.md"
MARKER = '{{ run("demo/overlap.py") }}'


def convert(root: Path, **options: Any) -> str:
    """The sample page's body as HTML, converted with `mkdocs.yml`'s extensions,
    the measured one given `options`, as a builder hands it over (front matter
    removed)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    extensions: list[Any] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in config["markdown_extensions"]:
        name, settings = (
            next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        )
        if name == "measured.extension":
            extensions.append(MeasuredExtension(root=str(root), **options))
        else:
            extensions.append(name)
            configs[name] = dict(settings or {})
    configs["pymdownx.snippets"]["base_path"] = [str(root)]
    _, body, _ = split_front_matter((root / PAGE).read_text())
    return markdown.markdown(body, extensions=extensions, extension_configs=configs)


def test_a_page_shows_its_program_output_and_claim_through_python_markdown_alone() -> (
    None
):
    shown = convert(SAMPLE, page=PAGE, run_here=False)
    program = (SAMPLE / "snippets/demo/overlap.py").read_text()
    recorded = (SAMPLE / "snippets/demo/overlap.out").read_text().strip()
    assert "snippets/demo/overlap.py" in shown
    # the program, embedded from its file (highlighting splits its lines into spans)
    assert "TaskGroup" in shown and program.count("\n") <= shown.count("\n")
    assert recorded in shown
    assert 'id="claim-sample-waits-overlap"' in shown
    # the marker became a program; the same text in a code span stays text
    assert shown.count("{{ run(") == 1
    assert f"<code>{MARKER}</code>".replace('"', "&quot;") in shown or (
        f"<code>{MARKER}</code>" in shown
    )
    # code blocks are kept out of the search index's previews
    assert 'class="language-python highlight" data-search-exclude' in shown


def test_text_that_no_page_holds_is_left_as_it_is() -> None:
    """A converter of a docstring, or any text outside a builder, has no page: its
    markers are text."""
    shown = convert(SAMPLE, run_here=False)
    assert "TaskGroup" not in shown
    assert shown.count("{{ run(") == 2


def test_a_mistake_in_a_page_names_its_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    page = root / PAGE
    page.write_text(
        page.read_text().replace('claim("sample-waits-overlap")', 'claim("nope")')
    )
    line = page.read_text().splitlines().index('{{ claim("nope") }}') + 1
    with pytest.raises(ContributorError) as raised:
        convert(root, page=PAGE, run_here=False)
    assert str(raised.value).startswith(
        f"{PAGE}:{line}: places claim 'nope', which its front matter does not declare"
    )


def test_the_offline_copy_is_told_apart_under_either_builder() -> None:
    """MkDocs lists the plugins that are on; Zensical lists its own, each with its
    `enabled` setting: only an `offline` plugin that is on makes the `file://` copy,
    whose pages get no Run buttons."""
    assert offline({"search": object(), "material/offline": object()})
    assert offline({"offline": {"config": {"enabled": True}}})
    assert not offline({"offline": {"config": {"enabled": False}}})
    assert not offline({"search": {"config": {}}})
