"""The harness's own tests: one file per module of `measured/`.

They break things on purpose, in throwaway copies of the project (the real harness,
theme and configuration with a page of the test's own: `conftest.copy_project`) or
of the small sample project in `tests/sample/`, and check that the suite notices,
names the file (and the line) at fault, and leaves nothing running.

`test_<module>.py` tests `measured/<module>.py`; a test that crosses modules sits
with the module whose behaviour its name states:

- `test_runner.py`: one run of a snippet: its exit code, stderr and normalized
  output, its timeout and what a hang reports, mypy's report as its output;
- `test_launch.py`: the launcher: a signal sent once the program is running or
  ready, and the processes a snippet leaves behind, killed and named;
- `test_recordings.py`: output against its recording: the diff, printed times
  within a tolerance, a recording per Python, output that changes between runs;
- `test_measuring.py`: the measuring engine: a claim's attempts, which failures
  run again, the cores free to a run (`cpus`);
- `test_schedule.py`: when runs start: waiting programs side by side, heavy ones
  and retries alone, every kind of job in one schedule;
- `test_store.py`: what ran, kept: runs reused across sessions and shared between
  the two phases of one suite;
- `test_claims.py`: the rules for claims: their declaration, bounds that can fail,
  what they measure, the guide's gather claims failing on a regression;
- `test_project.py`: pages, snippets, recordings, claims, charts and timelines that
  disagree; titles, the navigation, mistakes in front matter;
- `test_settings.py`: a page's `snippets:` settings: names, types, needed services
  and required modules;
- `test_render.py`: what a page shows: variants, output tabs, a missing snippet by
  its marker's line, claims with and without figures, charts, timelines, links to
  the Python docs, tables, search previews;
- `test_charts.py` (a chart's declaration), `test_timeline.py` (the tracer),
  `test_safety.py` (unsafe habits in snippets), `test_mkdocs_hook.py` (broken
  links), `test_measurements.py` (the published figures), `test_postgres.py` (the
  throwaway server), `test_interpreters.py` (each Python asked once);
- `test_exercises.py`, `test_extension.py` (on `tests/sample/`), `test_pyodide.py`
  (which snippets get a Run button) and `test_pythons.py` (`make install`'s Pythons);
- `test_suite.py`: the suite's pytest plugin (`measured/pytest_plugin.py`: a page
  as a test file of what it shows) and the root `conftest.py`, each in a pytest
  session of its own on a throwaway project: a mistake printed once, what a command
  line selects; `test_examples.py` (`measured/examples.py`): inline examples named
  by their page's line.

The guide itself is checked by its pages, each a test file of the plugin (its
programs, claims, timelines, exercises and inline examples), and by the top-level
files of `tests/` (the site, the browser, the agreement of the whole project).
`tests/test_timelines.py` reads what the guide's timelines say, while
`tests/harness/test_timeline.py` checks the tracer on two of the guide's programs.

The helpers these files share are in `tests/harness/conftest.py`, imported by name
as `harness.conftest` (`from harness.conftest import write`); `from conftest import
...` still means `tests/conftest.py`, the suite's own.
"""
