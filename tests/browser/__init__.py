"""The built site, used in a real browser: Chromium driven by Playwright.

Playwright's own browser download is not reachable everywhere, so these tests drive
the Chromium the machine has (`.ci/run` installs Debian's `chromium` when it is
missing). Where there is none, they are skipped with a message that says so.

How the package runs, so that it stays quick on a two-core machine:

- the site is built once per session, and one Chromium serves every test of every
  file here (the `browser` fixture, session-scoped; every test is in the xdist group
  "browser", so all of them run on one worker);
- Playwright's async API drives that Chromium on an event loop of its own thread.
  When the first test starts, every job the session's tests declare (`@browses`)
  starts at once: each page's visit, the search session, the Run buttons' chains...
  `AT_ONCE` pages open at a time (two per usable core), each in a fresh browser
  context (an empty cache, so a page's weight is its first load). A test waits for
  the job it reads, then asserts on what the job found;
- each page is loaded once (`visits.py`), and every reading of it is taken on that
  load, whichever concern's tests read it;
- the Run buttons are clicked in `RUN_CHAINS` chains of pages, one Python each: a
  chain loads its first page fresh, then follows a link to each next one, so
  Pyodide boots once per chain, not once per page;
- nothing waits a fixed time: a visit waits for the page's load event and for the
  last request the page started; a search waits until the page has drawn the
  search worker's answer to the whole query; a run waits for the page to mark it
  ended (a MutationObserver, so the page is not polled on every frame).

The build reads a copy of the measurements in which one claim, `FAILED_CLAIM`, has
failed (measured 2 s over its upper bound), so the same build shows what a failed
claim looks like; when the copy has no timeline of `TRACED`, that snippet is traced
first, so a timeline is drawn even on a fresh clone.

Screenshots, page weights and the search results go to `.artifacts/` (not committed).

Where each part lives:

- `conftest.py`: the `browser` fixture (build, serve, launch, start every job);
- `browsing.py`: the shared machinery: constants, the staged build, `Browser` (one
  Chromium on its own thread), the job registry (`@job`, `@browses`), the shares'
  job weights (`SHARE_WEIGHT`);
- `visits.py`: the one visit of each page, and the readings taken on some pages only;
- `running.py`: what the Run-button tests share: the seed, the runnable pages, a
  reader's click on Run and paste into the editor;
- `js/`: the JavaScript the tests run in the pages, one file each, loaded by
  `browsing.script`;
- `test_pages.py`: every page: loads cleanly, is accessible, weighs little on its
  first load, has no program scrolling sideways, copy buttons that copy exactly and
  say what they copy, commands whole on a phone, readable figure labels, screenshots;
- `test_claim_boxes.py`: a failed claim is unmistakable, an unmeasured one neutral;
- `test_claims_index.py`: the claims index, by section, on a phone, filtered;
- `test_published.py`: a build that measured nothing, showing a published site's figures;
- `test_search.py`: the search box lands on the page a reader wants;
- `test_navigation.py`: dark mode, instant navigation, links to another page's
  section, both colour schemes, touch targets, the home page's first screen, the
  sidebar's title and the Tab order;
- `test_run.py`: every Run button, in chains: each program prints its recording,
  the seed's timings, its editor, what running requests, each block's Run button
  or note;
- `test_run_blocking_and_stopping.py`: blocking calls, Stop, the time limit, Reset,
  and that the code shown is the code that runs;
- `test_run_loading.py`: loading Python: progress, on intent, from the cache;
- `test_run_edges.py`: what a reader's edits meet: `asyncio.run`'s clean-up,
  floods, unfinished lines, patched modules, what a browser cannot do, the focus;
- `test_exercise_check.py`: an exercise's Check fails the starter and passes the
  solution.

A new concern is one new `test_*.py` here: its jobs registered with `@job`, its
tests declaring them with `@browses`, its module's `pytestmark` the same as the
others'.
"""
