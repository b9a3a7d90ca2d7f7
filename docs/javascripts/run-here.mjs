// Run a snippet in the reader's browser, on Pyodide (CPython compiled to WebAssembly).
//
// Nothing here loads with the page: the page's own small script imports this module
// on the first click on a Run or Edit button. Python runs in a module worker
// (run-here-worker.mjs), started on the first Run, off the page's thread: a program
// that blocks or never ends never freezes the page. One worker serves every block of
// the visit and runs one program at a time, so each output block shows only its own
// program's lines. Stop, a time limit, Reset, and leaving the page (instant
// navigation keeps this module alive) end a program by terminating the worker; the
// next Run starts a fresh one.
//
// A reader who points at or tabs to a Run or Edit button is about to click it: the
// page's script then calls `prepare`, which starts the worker (and so Python's
// download) or the editor's, so the click finds them loading or ready. Loading shows
// the bytes that have arrived; the worker keeps Pyodide's files in the browser's
// Cache Storage, so a later visit starts without the download.

const WORKER = "javascripts/run-here-worker.mjs";
const EDITOR = "assets/editor/editor.mjs";

let worker = null; // {thread, ready}: the worker and the promise of its Python
let running = null; // the job whose program the worker runs
const waiting = []; // jobs queued behind it, first first

// The site's root, resolved by the page's script when the reader first arrived
// (instant navigation changes the address, not that script's base).
function base() {
  return new URL(window.__runHere.base);
}

// "Loading Python… 4.1 of 12.3 MB"
function loading(progress) {
  if (!progress || !progress.total) return "Loading Python…";
  if (progress.loaded >= progress.total) return "Starting Python…";
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  return `Loading Python… ${mb(Math.min(progress.loaded, progress.total))} of ${mb(progress.total)} MB`;
}

// What the build ships, as every Run block of the site says: which Pyodide, the
// size of the files it fetches, and whether there is an editor.
function shipped() {
  const block = document.querySelector(".run-here");
  return {
    pyodide: block.dataset.pyodide,
    bytes: block.dataset.bytes,
    editor: block.dataset.editor === "true",
  };
}

let editors = null; // the promise of the editor module, or of null where there is none

function editor_module() {
  if (!editors) {
    editors = shipped().editor
      ? import(new URL(EDITOR, base()).href).catch(() => null)
      : Promise.resolve(null);
  }
  return editors;
}

// The reader points at or focuses a Run or Edit button: start what its click needs.
export function prepare(button) {
  if (button.matches(".run-here__run, .run-here__check")) start();
  if (button.classList.contains("run-here__edit")) editor_module();
}

function start() {
  if (worker) return worker;
  const where = new URL(WORKER, base());
  const { pyodide, bytes } = shipped();
  where.searchParams.set("pyodide", pyodide);
  where.searchParams.set("bytes", bytes);
  const thread = new Worker(where, { type: "module" });
  const ready = new Promise((resolve, reject) => {
    thread.addEventListener("message", function first(event) {
      if (event.data.type === "ready") resolve(event.data);
      else if (event.data.type === "failed") reject(new Error(event.data.message));
      else return;
      thread.removeEventListener("message", first);
    });
    thread.addEventListener("error", (event) => {
      reject(new Error(event.message || "the worker could not start"));
    });
  });
  worker = { thread, ready, progress: null };
  thread.addEventListener("message", (event) => {
    if (event.data.type === "progress") worker.progress = event.data;
    if (running) running.hear(event.data);
  });
  ready.catch(() => {
    if (worker && worker.thread === thread) stop_worker(); // tried again on the next Run
  });
  return worker;
}

function stop_worker() {
  if (!worker) return;
  worker.thread.terminate();
  worker = null;
}

function parts(box) {
  let code = null;
  for (let el = box.previousElementSibling; el && !code; el = el.previousElementSibling) {
    const title = el.querySelector(":scope > span.filename, .highlight > span.filename");
    if (title && title.textContent.trim() === `snippets/${box.dataset.snippet}`) {
      code = title.closest(".highlight");
    }
  }
  return {
    code,
    source: code ? code.querySelector("pre > code").textContent : "",
    editor: box.querySelector("textarea"),
    view: box.querySelector(".run-here__cm"),
    keys: box.querySelector(".run-here__keys"),
    output: box.querySelector(".run-here__output"),
    label: box.querySelector(".run-here__label"),
    run: box.querySelector(".run-here__run"),
    check: box.querySelector(".run-here__check"),
    verdict: box.querySelector(".run-here__verdict"),
    passed: box.querySelector(".run-here__passed"),
    stop: box.querySelector(".run-here__stop"),
    edit: box.querySelector(".run-here__edit"),
    reset: box.querySelector(".run-here__reset"),
  };
}

// Edit swaps the file for an editor holding it (CodeMirror, or the plain textarea
// where the site has no editor module), and the file stays hidden until Reset: the
// code on the page is always the code Run runs. The textarea always holds the
// edited text; Run reads it there.
async function edit(box) {
  const p = parts(box);
  if (box.dataset.editing) return;
  box.dataset.editing = "true";
  p.editor.value = p.source;
  const height = p.code.querySelector("pre").offsetHeight;
  const made = await editor_module();
  // Reset while the editor module loaded: the file stays shown, no editor opens
  if (!box.dataset.editing) return;
  if (made && !box.__editor) {
    const host = document.createElement("div");
    host.className = "run-here__cm";
    p.editor.before(host);
    box.__editor = made.makeEditor({
      parent: host,
      text: p.source,
      label: p.editor.getAttribute("aria-label"),
      changed: (text) => {
        p.editor.value = text;
      },
      leave: () => (p.run.disabled ? p.stop : p.run).focus(),
    });
  } else if (box.__editor) {
    box.__editor.set(p.source);
  }
  const q = parts(box);
  if (box.__editor) {
    q.view.hidden = false;
  } else {
    p.editor.style.height = `${height}px`;
    p.editor.hidden = false;
  }
  p.keys.hidden = false;
  p.code.hidden = true;
  p.edit.hidden = true;
  p.reset.hidden = false;
  if (box.__editor) box.__editor.focus();
  else p.editor.focus();
}

// Reset stops the block's program, puts the file back and clears the output.
function reset(box) {
  const p = parts(box);
  const had_focus = document.activeElement === p.reset;
  stop(box, null);
  p.editor.value = p.source;
  if (box.__editor) box.__editor.set(p.source);
  delete box.dataset.editing;
  p.editor.hidden = true;
  if (p.view) p.view.hidden = true;
  p.keys.hidden = true;
  p.code.hidden = false;
  p.edit.hidden = false;
  p.reset.hidden = true;
  p.output.textContent = "";
  p.output.hidden = true;
  p.label.textContent = "";
  p.label.hidden = true;
  if (p.verdict) {
    p.verdict.textContent = "";
    p.verdict.hidden = true;
  }
  delete box.dataset.state;
  delete box.dataset.verdict;
  if (had_focus) p.edit.focus();
}

function limit(box) {
  const seconds = Number(box.dataset.limit);
  return seconds > 0 ? seconds : 60;
}

// Stop the block's program, or take it out of the queue; `why` is what its label
// then says (null: nothing, as after Reset).
function stop(box, why) {
  const job = running && running.box === box ? running : waiting.find((j) => j.box === box);
  if (!job) return;
  if (job === running) {
    stop_worker();
    running = null;
  } else {
    waiting.splice(waiting.indexOf(job), 1);
  }
  job.end("stopped", why);
  next();
}

// A program whose block has left the page (the reader followed a link) is stopped:
// nobody can see its output or stop it any more.
function sweep() {
  for (const job of [running, ...waiting]) {
    if (job && !job.box.isConnected) stop(job.box, null);
  }
}

// An exercise's Check: the reader's program against the goal the page states, as
// the site's claims are judged: its time within the goal's bounds, and exactly the
// lines the goal prints. Each part it misses is named, with the figure, in the
// words of the terminal's check script (measured/exercise_check.py), which the
// suite runs on every Python.
function judge(box, exit, seconds, printed) {
  const low = Number(box.dataset.goalLow);
  const high = Number(box.dataset.goalHigh);
  const figure = `${seconds.toFixed(2)} s`;
  const bound = `${low.toFixed(2)}–${high.toFixed(2)} s`;
  if (exit) {
    return [false, `✗ Not yet: it ended with an exception (exit code ${exit}); its traceback is above.`];
  }
  const missed = [];
  if (seconds > high) missed.push(`too slow, ${figure}; the goal is ${bound}`);
  else if (seconds < low) {
    missed.push(
      `${figure} is faster than the goal's ${bound} allows: it skipped or cut ` +
        "short work the goal needs done",
    );
  }
  const want = box.dataset.goalOutput.replace(/\s+$/, "").split("\n");
  const got = printed.replace(/\s+$/, "").split("\n");
  const quote = (text) => (text === undefined ? "nothing more" : `“${text}”`);
  for (let at = 0; at < Math.max(want.length, got.length); at++) {
    if (quote(want[at]) !== quote(got[at])) {
      missed.push(
        `wrong output at line ${at + 1}: the goal prints ${quote(want[at])}, ` +
          `yours printed ${quote(got[at])}`,
      );
      break;
    }
  }
  if (missed.length) return [false, `✗ Not yet: ${missed.join(". And ")}.`];
  const lines = `${want.length} line${want.length === 1 ? "" : "s"}`;
  return [true, `✓ Goal met: ${figure}, within ${bound}, and the same ${lines}.`];
}

const PROGRESS = "measured-exercise:"; // + the exercise's key: the day it was met

// A pass is kept in this browser only (local storage); its Forget button clears it.
// The page's script shows what is kept (window.__runHere.progress).
function keep(box) {
  try {
    localStorage.setItem(PROGRESS + box.dataset.exercise, new Date().toISOString().slice(0, 10));
  } catch {
    return; // storage refused: the verdict still shows
  }
  window.__runHere.progress();
}

function forget(box) {
  try {
    localStorage.removeItem(PROGRESS + box.dataset.exercise);
  } catch {
    return;
  }
  window.__runHere.progress();
}

function run(box, check = false) {
  sweep();
  const p = parts(box);
  if (running && running.box === box) return;
  if (waiting.some((j) => j.box === box)) return;
  let printed = "";
  if (p.verdict) {
    p.verdict.hidden = true;
    p.verdict.textContent = "";
    delete box.dataset.verdict;
  }
  // the code runs as it is when its turn comes, not as it was at the click
  let source = null;
  let edited = false;
  const filename = `snippets/${box.dataset.snippet}`;
  const clicked = performance.now();
  for (const key of ["seconds", "exit", "readyMs", "firstOutputMs"]) delete box.dataset[key];
  const had_focus = document.activeElement === p.run;
  const had_check = p.check && document.activeElement === p.check;
  p.run.disabled = true;
  if (p.check) p.check.disabled = true;
  p.stop.hidden = false;
  if (had_focus || had_check) p.stop.focus(); // the focus stays in the block, on what can act now
  p.reset.hidden = false;
  p.output.hidden = false;
  p.output.textContent = "";
  p.label.hidden = false;
  box.dataset.state = "loading";
  p.label.textContent =
    "Waiting: another block's program is running (its Stop ends it; this Stop cancels this run)…";
  const changed = () =>
    source !== null && source !== (box.dataset.editing ? p.editor.value : p.source);
  let first = null;
  let timer = null;
  let started = null;
  const job = {
    box,
    begin() {
      source = box.dataset.editing ? p.editor.value : p.source;
      edited = source !== p.source;
      box.dataset.ranSource = source;
      const { thread, ready } = start();
      p.label.textContent = loading(worker.progress);
      ready.then(
        (how) => {
          if (running !== job) return;
          box.dataset.readyMs = String(performance.now() - clicked);
          box.dataset.state = "running";
          p.label.textContent = "Running in your browser…";
          job.how = how.stackSwitching ? "" : ", with asyncio.run(x) run as await x";
          started = performance.now();
          timer = setTimeout(() => {
            stop(
              box,
              `Stopped: still running after ${limit(box)} s, the longest a program ` +
                "may run here. Output so far:",
            );
          }, limit(box) * 1000);
          thread.postMessage({ type: "run", source, filename });
        },
        (error) => {
          if (running !== job) return;
          running = null;
          job.end("failed", `Could not run it here: ${error.message || error}`);
          next();
        },
      );
    },
    hear(message) {
      if (message.type === "progress") {
        if (box.dataset.state === "loading") p.label.textContent = loading(message);
      } else if (message.type === "out") {
        if (first === null) first = performance.now();
        const span = document.createElement("span");
        if (message.stream === "stderr") span.className = "run-here__stderr";
        else printed += message.text;
        span.textContent = message.text;
        p.output.appendChild(span);
      } else if (message.type === "done") {
        running = null;
        const seconds = message.seconds;
        box.dataset.seconds = String(seconds);
        box.dataset.exit = String(message.exit);
        if (message.unsent) {
          const more = document.createElement("span");
          more.className = "run-here__unsent";
          more.textContent = `… and ${message.unsent.toLocaleString("en")} more lines, not shown here\n`;
          p.output.appendChild(more);
        }
        // an edited program may have changed this Python (patched a module, set a
        // warnings filter): the next run gets a fresh one
        if (edited) stop_worker();
        if (check) {
          const [passed, text] = judge(box, message.exit, seconds, printed);
          box.dataset.verdict = passed ? "passed" : "failed";
          // where asyncio.run(x) ran as await x, tasks main left running were not
          // cancelled at its end, as a terminal's are: the verdict may differ
          p.verdict.textContent = job.how
            ? `${text} (This browser ran asyncio.run(x) as await x: a task left ` +
              "running was not cancelled, so the check script in a terminal is the surer test.)"
            : text;
          p.verdict.hidden = false;
          if (passed) keep(box);
        }
        job.end(
          "done",
          `Output, ran in your browser${edited ? " (edited)" : ""} on Python ` +
            `${box.dataset.python} (WebAssembly, Pyodide ${box.dataset.pyodide})` +
            `${job.how}: ${seconds.toFixed(2)} s` +
            (message.exit ? `, exit code ${message.exit}` : "") +
            (changed() ? ". The code has changed since: Run runs it as it is now" : ""),
        );
        next();
      } else if (message.type === "failed") {
        running = null;
        stop_worker();
        job.end("failed", `Could not run it here: ${message.message}`);
        next();
      }
    },
    end(state, text) {
      clearTimeout(timer);
      if (state === "stopped" && text) {
        const ran = started === null ? 0 : (performance.now() - started) / 1000;
        box.dataset.seconds = String(ran);
        if (started === null) text = "Stopped before it started.";
        else if (!p.output.textContent) text = text.replace(" Output so far:", " It printed nothing.");
        p.output.hidden = !p.output.textContent;
      }
      box.dataset.firstOutputMs = first === null ? "" : String(first - clicked);
      if (check && state !== "done") {
        box.dataset.verdict = "failed";
        p.verdict.textContent =
          state === "stopped" && started !== null && text && text.startsWith("Stopped: still")
            ? `✗ Not yet: still running after ${limit(box)} s, far over the goal's ` +
              `${Number(box.dataset.goalHigh).toFixed(2)} s.`
            : "✗ No verdict: the program did not run to its end.";
        p.verdict.hidden = false;
      }
      const had_focus = document.activeElement === p.stop;
      p.run.disabled = false;
      if (p.check) p.check.disabled = false;
      p.stop.hidden = true;
      if (had_focus) (check ? p.check : p.run).focus();
      if (text === null) {
        p.label.hidden = true;
        p.label.textContent = "";
      } else {
        p.label.textContent = text;
      }
      box.dataset.state = state;
    },
  };
  waiting.push(job);
  next();
}

function next() {
  if (running || !waiting.length) return;
  running = waiting.shift();
  running.begin();
}

// In the plain textarea: Tab inserts four spaces, Enter keeps the line's
// indentation, and Escape leaves it for the block's Run button.
function key(event) {
  const area = event.target;
  if (event.key === "Escape") {
    event.preventDefault();
    const box = area.closest(".run-here");
    // an exercise's first button is Check: Escape leads there
    const run = box.querySelector(".run-here__check") || box.querySelector(".run-here__run");
    (run.disabled ? box.querySelector(".run-here__stop") : run).focus();
    return;
  }
  if (event.key !== "Tab" && event.key !== "Enter") return;
  if (event.key === "Tab" && event.shiftKey) return; // leave the editor, as usual
  event.preventDefault();
  const { selectionStart: from, selectionEnd: to, value } = area;
  let insert = "    ";
  if (event.key === "Enter") {
    const line = value.slice(value.lastIndexOf("\n", from - 1) + 1, from);
    const indent = line.match(/^ */)[0];
    insert = "\n" + indent + (line.trimEnd().endsWith(":") ? "    " : "");
  }
  area.setRangeText(insert, from, to, "end");
}

export function handle(event) {
  if (event.type === "keydown") {
    if (event.target.matches(".run-here textarea")) key(event);
    return null;
  }
  const button = event.target.closest(".run-here button");
  if (!button) return null;
  const box = button.closest(".run-here");
  if (button.classList.contains("run-here__run")) return run(box);
  if (button.classList.contains("run-here__check")) return run(box, true);
  if (button.classList.contains("run-here__forget")) return forget(box);
  if (button.classList.contains("run-here__stop")) {
    return stop(box, "Stopped. Output so far:");
  }
  if (button.classList.contains("run-here__edit")) return edit(box);
  if (button.classList.contains("run-here__reset")) return reset(box);
  return null;
}

// Instant navigation swaps the page's content and keeps this module: a program whose
// block went with the old content is stopped.
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(() => sweep());
}
