"""A page's `snippets:` settings (`measured/settings.py`): each setting's name and
type, the services a snippet needs, and the modules it requires."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.conftest import copy_project, page, run_pytest, write
from measured.errors import ContributorError
from measured.project import Project
from measured.settings import RunSettings, missing_module_hint

# --- each setting's name and type -----------------------------------------------------


def test_an_unknown_snippet_setting_is_named(tmp_path: Path) -> None:
    write(tmp_path, "docs/a.md", page("snippets:\n  demo/a.py:\n    timout: 3\n"))
    with pytest.raises(
        ContributorError, match=r"^docs/a.md:4: unknown snippet setting 'timout'"
    ):
        Project(tmp_path)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("timeout: ten", "snippet setting `timeout` must be a number of seconds"),
        ("flags: -X dev", "snippet setting `flags` must be a list of strings"),
        ("env: [A]", "snippet setting `env` must be a mapping of names to values"),
        ("exit_code: one", "snippet setting `exit_code` must be a whole number"),
        ("alone: yes please", "snippet setting `alone` must be true or false"),
        (
            "python: 3.12",
            'snippet setting `python` must be a quoted version, such as "3.12"',
        ),
        ("signal_after: soon", "snippet setting `signal_after` must be a number"),
        (
            "requires: httpx",
            "snippet setting `requires` must be a list of module names",
        ),
        ("tolerance: [1]", "snippet setting `tolerance` must be a number of seconds"),
        (
            "needs: postgres",
            "snippet setting `needs` must be a list of services the suite starts",
        ),
    ],
)
def test_a_setting_of_the_wrong_type_names_its_page_and_line(
    tmp_path: Path, setting: str, message: str
) -> None:
    write(tmp_path, "docs/a.md", page(f"snippets:\n  demo/a.py:\n    {setting}\n"))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value).startswith(f"docs/a.md:4: {message}")


def test_every_setting_has_its_type_checked() -> None:
    from measured.settings import SETTING_TYPES

    assert set(SETTING_TYPES) == set(RunSettings.__dataclass_fields__)


def test_needs_names_a_service_the_suite_can_start(tmp_path: Path) -> None:
    front = "snippets:\n  demo/a.py:\n    timeout: 5\n    needs: [postgress]\n"
    write(tmp_path, "docs/a.md", page(front))
    with pytest.raises(ContributorError) as caught:
        Project(tmp_path)
    assert str(caught.value) == (
        "docs/a.md:5: `needs` names 'postgress' (did you mean 'postgres'?), which "
        "the suite cannot start; it starts 'postgres'"
    )


# --- the modules a snippet requires ---------------------------------------------------


def test_a_missing_module_says_how_to_declare_it() -> None:
    stderr = "Traceback ...\nModuleNotFoundError: No module named 'httpx.client'\n"
    assert missing_module_hint("network/get.py", stderr) == (
        "`httpx` is not installed for this Python. If the snippet needs a package from "
        "outside the standard library, add it to `dependencies` in pyproject.toml "
        "(then `make lock` and `make install`), and declare it in its page's "
        '`snippets:` settings (network/get.py: {requires: ["httpx"]}), so a Python '
        "without it skips the snippet and says why."
    )
    assert missing_module_hint("network/get.py", "ZeroDivisionError\n") == ""


def test_a_package_installed_nowhere_fails_in_ci_and_warns_locally(
    tmp_path: Path,
) -> None:
    """A misspelled `requires:` would skip its snippet and claims in silence."""
    root = copy_project(tmp_path)
    front = "snippets:\n  demo/needs.py:\n    requires: [htttpx]\n"
    write(root, "docs/index.md", page(front, '{{ run("demo/needs.py") }}\n'))
    write(root, "snippets/demo/needs.py", "import htttpx\n")
    message = (
        "snippets/demo/needs.py: its `requires:` names `htttpx`, which no Python here "
        "has installed, so the snippet and its claims are skipped; correct the name, "
        "or add the package to `dependencies` in pyproject.toml and run `make lock` "
        "and `make install`"
    )
    in_ci = message.replace(
        "so the snippet and its claims are skipped",
        "and in CI (`CI` set) that fails the run, since every snippet must run",
    )
    args = ("-n", "0", "-m", "output", "docs", "-k", "needs")
    done = run_pytest(root, *args, env={"CI": "1"})
    assert done.returncode == 1, done.stdout
    assert in_ci in done.stdout, done.stdout
    done = run_pytest(root, *args, "-W", "error::UserWarning", env={"CI": ""})
    assert done.returncode == 1, done.stdout  # a warning, here made an error
    assert message in done.stdout, done.stdout
    done = run_pytest(root, *args, env={"CI": ""})
    assert done.returncode == 0, done.stdout
    assert "warnings summary" in done.stdout and "htttpx" in done.stdout
