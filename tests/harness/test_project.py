"""The project's agreement (`measured/project.py`): pages, snippets, recordings,
claims, charts and timelines that disagree, each named with its file and line; a
page's title and its place in the navigation; mistakes in front matter, which fail
one test while the rest of the suite still runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harness.conftest import copy_project, page, problems_of, run_pytest, write
from measured.errors import ContributorError
from measured.project import Project

# --- the snippets a page shows, and their recordings ----------------------------------


def test_a_page_that_shows_a_missing_snippet_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("title: A", '{{ run("demo/missing.py") }}\n'))
    assert problems_of(tmp_path) == [
        "docs/a.md:7: shows snippets/demo/missing.py, which does not exist"
    ]


def test_an_orphan_snippet_is_named(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    write(root, "snippets/basics/forgotten.py", "print('nobody shows me')\n")
    assert (
        "snippets/basics/forgotten.py: no page shows this snippet; "
        'add {{ run("basics/forgotten.py") }} to a page'
    ) in problems_of(root)


def test_a_variant_of_a_missing_snippet_is_named(tmp_path: Path) -> None:
    write(
        tmp_path,
        "docs/a.md",
        page(
            "title: A",
            '{{ run("demo/fix.py", variant_of="demo/mistkae.py") }}\n\n'
            '{{ run("demo/mistake.py", colour="red") }}\n',
        ),
    )
    write(tmp_path, "snippets/demo/fix.py", "print('hi')\n")
    write(tmp_path, "snippets/demo/mistake.py", "print('hello')\n")
    with pytest.raises(ContributorError, match="takes no argument 'colour'"):
        Project(tmp_path)
    write(
        tmp_path,
        "docs/a.md",
        page(
            "title: A",
            '{{ run("demo/fix.py", variant_of="demo/mistkae.py") }}\n\n'
            '{{ run("demo/mistake.py") }}\n',
        ),
    )
    assert problems_of(tmp_path) == [
        "docs/a.md:7: shows snippets/demo/fix.py as a variant of "
        "snippets/demo/mistkae.py, which does not exist "
        "(did you mean snippets/demo/mistake.py?)"
    ]


def test_a_snippet_named_after_a_standard_module_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("title: A", '{{ run("demo/queue.py") }}\n'))
    write(tmp_path, "snippets/demo/queue.py", "print('hi')\n")
    assert problems_of(tmp_path) == [
        "snippets/demo/queue.py: shares its name with the standard library's `queue`, "
        "which it hides from every snippet in its folder; rename it"
    ]


def test_settings_for_a_snippet_the_page_does_not_show_give_their_line(
    tmp_path: Path,
) -> None:
    write(
        tmp_path,
        "docs/a.md",
        page(
            "title: A\nsnippets:\n  demo/overlap.py:\n    timeout: 3\n  demo/overlpa.py: {}\n",
            '{{ run("demo/overlap.py") }}\n',
        ),
    )
    write(tmp_path, "snippets/demo/overlap.py", "print('hi')\n")
    assert problems_of(tmp_path) == [
        "docs/a.md:6: has settings for snippets/demo/overlpa.py, but does not show it "
        "(did you mean snippets/demo/overlap.py?)"
    ]


def test_a_version_recording_without_the_shared_one_is_named(tmp_path: Path) -> None:
    """A snippet that failed on one Python while recording can leave `x.3.12.out`
    without `x.out`: the page check names it, rather than crashing on the missing
    file."""
    root = copy_project(tmp_path)
    write(root, "docs/index.md", page("", '{{ run("demo/leaky.py") }}\n'))
    write(root, "snippets/demo/leaky.py", 'print("done")\n')
    write(root, "snippets/demo/leaky.3.12.out", "done\n")
    assert [p for p in problems_of(root) if "leaky" in p] == [
        "snippets/demo/leaky.3.12.out: a recording for Python 3.12 without "
        "leaky.out, the recording every other version is compared with; record the "
        "snippet: `.venv/bin/pytest --update-examples snippets/demo/leaky.py`"
    ]


# --- the claims, charts and timelines a page places -----------------------------------


def test_a_claim_on_a_missing_snippet_and_an_unplaced_claim_are_named(
    tmp_path: Path,
) -> None:
    front = (
        "claims:\n  - id: demo\n    snippet: demo/gone.py\n"
        "    says: It takes 3 s.\n    because: physics.\n    seconds: [3, 4]\n"
    )
    write(tmp_path, "docs/a.md", page(front, '{{ claim("other") }}\n'))
    assert problems_of(tmp_path) == [
        "docs/a.md:12: places claim 'other', which this page's front matter does not declare",
        "docs/a.md:3: claim 'demo' is never placed; add {{ claim(\"demo\") }}",
        "docs/a.md:3: claim 'demo' measures snippets/demo/gone.py, which does not exist",
    ]


def test_misplaced_charts_and_timelines_are_named(tmp_path: Path) -> None:
    front = (
        "charts:\n  - id: demo\n    title: A\n    measure: seconds\n    bars:\n"
        "      - label: gone\n        snippet: demo/gone.py\n"
    )
    write(tmp_path, "snippets/demo/a.py", "print('a')\n")
    body = '{{ run("demo/a.py") }}\n\n{{ chart("other") }}\n\n{{ timeline("demo/b.py") }}\n'
    write(tmp_path, "docs/a.md", page(front, body))
    assert problems_of(tmp_path) == [
        "docs/a.md:15: places chart 'other', which this page's front matter does not declare",
        "docs/a.md:17: draws a timeline of snippets/demo/b.py, which this page does "
        'not show; add {{ run("demo/b.py") }} first',
        "docs/a.md:3: chart 'demo' is never placed; add {{ chart(\"demo\") }}",
        "docs/a.md:3: chart 'demo' draws snippets/demo/gone.py, which does not exist",
    ]


# --- a page's title and its place in the navigation -----------------------------------


def test_a_page_without_a_title_is_named_once(tmp_path: Path) -> None:
    """The theme would title it after its file name; a `#` in a code block or a
    `##` heading is not a title."""
    body = "## Not a title\n\n```python\n# a comment\n```\n"
    write(tmp_path, "docs/basics/untitled.md", f"---\ntitle: A\n---\n\n{body}")
    assert problems_of(tmp_path) == [
        "docs/basics/untitled.md: has no title; begin it with a `# Title` line "
        "(without one, the site titles it after its file name, 'untitled')"
    ]
    write(tmp_path, "docs/basics/untitled.md", f"# Titled\n\n{body}")
    assert problems_of(tmp_path) == []


def test_a_page_missing_from_the_navigation_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("title: A"))
    assert [str(p) for p in Project(tmp_path).problems(nav_pages=[])] == [
        "docs/a.md: is not in the `nav:` of mkdocs.yml, so no menu of the site leads "
        "to it; list it there, under its section: `- a.md`"
    ]


# --- mistakes in front matter ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("The answer: 3 s.", 'says: "The answer: 3 s."'),
        ("`asyncio.run` starts it.", 'says: "`asyncio.run` starts it."'),
    ],
)
def test_a_yaml_error_says_to_quote_the_value(
    tmp_path: Path, value: str, hint: str
) -> None:
    front = f"claims:\n  - id: c\n    says: {value}\n"
    write(tmp_path, "docs/a.md", page(front))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    message = str(caught.value)
    assert message.startswith("docs/a.md:4: front matter is not valid YAML: "), message
    assert message.endswith(f"; if that value is text, quote it: {hint}"), message


def test_misspelled_names_suggest_the_close_match(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("snippets:\n  demo/a.py:\n    timout: 3\n"))
    with pytest.raises(
        ContributorError, match=r"'timout' \(did you mean 'timeout'\?\)"
    ):
        Project(tmp_path)
    claim = (
        "claims:\n  - id: c\n    snippet: demo/a.py\n    says: Quick.\n"
        "    because: It sleeps.\n    secnds: [1.0, 1.4]\n"
    )
    write(tmp_path, "docs/a.md", page(claim))
    with pytest.raises(
        ContributorError,
        match=r"^docs/a.md:7: unknown claim key 'secnds' \(did you mean 'seconds'\?\)",
    ):
        Project(tmp_path)
    write(tmp_path, "docs/a.md", page("title: A", '{{ run("demo/overlpa.py") }}\n'))
    write(tmp_path, "snippets/demo/overlap.py", "print('hi')\n")
    assert problems_of(tmp_path)[0] == (
        "docs/a.md:7: shows snippets/demo/overlpa.py, which does not exist "
        "(did you mean snippets/demo/overlap.py?)"
    )


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        (
            "claims:\n  - id: c\n    snippet: basics/overlap.py\n    says: Quick.\n"
            "    because: It sleeps.\n    seconds: [3.0, 3.4]\n    speed: 2\n",
            "docs/broken.md:8: unknown claim key 'speed'",
        ),
        (
            "title: [A page\n",
            "docs/broken.md:3: front matter is not valid YAML: while parsing a flow "
            "sequence (line 2, column 8); expected ',' or ']', but got '<stream end>' "
            "(line 3, column 1)",
        ),
    ],
)
def test_a_front_matter_mistake_fails_one_test_and_the_rest_still_run(
    tmp_path: Path, front_matter: str, message: str
) -> None:
    root = copy_project(tmp_path)
    with (root / "docs" / "index.md").open("a") as index:
        index.write("\n```python\nprint(1 + 1)\n#> 2\n```\n")
    write(root, "docs/broken.md", page(front_matter, '{{ run("demo/shown.py") }}\n'))
    write(root, "snippets/demo/shown.py", "print('hi')\n")
    done = run_pytest(
        root,
        "-n",
        "0",
        "tests/test_integrity.py",
        "docs",
        "-k",
        "agree or example or shown",
    )
    assert "ImportError" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert done.returncode == 1, done.stdout
    assert re.search(r"\b1 failed, 1 passed, \d+ skipped\b", done.stdout), done.stdout
    # its snippets are not run with settings that could not be read
    where = message.split(": ")[0]
    assert f"snippets/demo/shown.py: its page cannot be read ({where};" in done.stdout
    assert done.stdout.count(message) == 1, done.stdout
    assert "FAILED tests/test_integrity.py::test_pages_snippets_and_claims_agree" in (
        done.stdout
    )
    assert message in done.stdout, done.stdout
