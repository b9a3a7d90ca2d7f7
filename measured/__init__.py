"""The harness behind *Async Python, Measured*.

Every program on the site is a file under `snippets/`, and every claim about time or
speed is declared in the front matter of the page that makes it. This package is the
small amount of code that keeps the two honest:

- [`measured.project`][] reads the pages: their front matter (how a snippet runs, which
  claims the page makes) and which snippets each page shows.
- [`measured.settings`][] reads how a snippet runs from its page's front matter.
- [`measured.runner`][] runs one snippet in its own process, the way a reader would,
  under a hard timeout, and says how it ended.
- [`measured.processes`][] finds and kills every process a snippet started.
- [`measured.recordings`][] keeps each snippet's recorded output and compares a run
  with it: words exactly, printed times one-sidedly within a tolerance.
- [`measured.measuring`][] is the measuring engine: what to run for each figure,
  output check, timeline and exercise, and what the runs mean; it measures the free
  cores and writes the figures the build shows.
- [`measured.schedule`][] decides when each run starts and how often a check is
  tried: waiting programs side by side, CPU-bound ones alone, and the one retry
  loop, which runs a program again only where load could explain what it did.
- [`measured.store`][] keeps what ran: each run, for this session, the other phase
  of the suite, and (outside CI) later sessions.
- [`measured.interpreters`][] finds the Pythons (3.11 and later) each snippet is
  checked with.
- [`measured.safety`][] keeps snippets safe to copy: loopback only, timeouts on
  network waits, bounded queues, TLS verification on.
- [`measured.claims`][] checks a claim against the runs and explains a failure.
- [`measured.exercises`][] declares exercises: a starter program, its solution, and a
  goal stated as a claim, which the page's Check holds a reader's program to.
- [`measured.exercise_check`][] is the check script a reader of an exercise copies
  (each page fills in its goal); the suite judges with its `judge`.
- [`measured.charts`][] declares bar charts and draws them from measured figures.
- [`measured.timeline`][] traces which task ran on the event loop, and when, and draws
  it.
- [`measured.measurements`][] stores the figures of the last test run for the build.
- [`measured.render`][] turns the page markers into snippets, outputs, claims, charts
  and timelines.
- [`measured.pyodide`][] decides which snippets can run in a reader's browser, on
  Pyodide, and so get a Run button.
- [`measured.site`][] builds the site, strictly, the same way everywhere.
- [`measured.stress`][] runs the whole suite many times, quiet and under load.
- [`measured.pytest_plugin`][] is the suite: each page a pytest test file, whose
  items are its programs' outputs, claims, timelines, exercises and inline examples,
  the measuring phase that makes them all at once, and what skips a program here.
- [`measured.examples`][] runs a page's inline examples and checks their `#>` lines.

Contributors write no test code: a snippet, its page, and the page's front matter are
all the suite needs.
"""

from measured.errors import ContributorError

__all__ = ["ContributorError"]
