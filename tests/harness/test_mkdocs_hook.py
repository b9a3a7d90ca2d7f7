"""MkDocs' hook (`measured/mkdocs_hook.py`): a broken link fails the strict build,
named by its line, with the link to write instead."""

from __future__ import annotations

from pathlib import Path

from harness.conftest import build, copy_project

# --- broken links ---------------------------------------------------------------------


def test_broken_links_fail_the_build_and_name_themselves(tmp_path: Path) -> None:
    """A link to a page that is not there and a cross-reference to a name no
    inventory has: one strict build names both (it reports every warning)."""
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\nSee [a page that is not there](basics/nowhere.md).\n")
        index.write("\nSee [`asyncio.teleport`][asyncio.teleport].\n")
        index.write("\nSee [the home page](indx.md#top) and `[not a link](x.md)`.\n")
    lines = (root / "docs" / "index.md").read_text().splitlines()
    nowhere = next(n for n, line in enumerate(lines, 1) if "nowhere" in line)
    done = build(root)
    assert done.returncode != 0
    assert (
        f"docs/index.md:{nowhere}: links to basics/nowhere.md, which is not a page "
        "of the site"
    ) in done.stderr
    assert (
        f"docs/index.md:{nowhere + 4}: links to indx.md#top, which is not a page of "
        "the site (did you mean index.md#top?)"
    ) in done.stderr
    assert "links to x.md" not in done.stderr  # inline code is not a link
    assert "asyncio.teleport" in done.stderr


def test_a_broken_links_suggestion_is_the_link_to_write_from_its_page() -> None:
    from types import SimpleNamespace

    from measured.mkdocs_hook import broken_links

    files = [SimpleNamespace(src_uri=uri) for uri in ("index.md", "core/tasks.md")]
    text = "See [tasks](../core/taks.md#cancel) and [home](../indx.md).\n"
    assert broken_links("docs/basics/a.md", text, "basics/a.md", files) == [
        "docs/basics/a.md:1: links to ../core/taks.md#cancel, which is not a page of "
        "the site (did you mean ../core/tasks.md#cancel?)",
        "docs/basics/a.md:1: links to ../indx.md, which is not a page of the site "
        "(did you mean ../index.md?)",
    ]
