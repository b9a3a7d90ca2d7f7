// The Python of the Run buttons, in a module worker, off the page's thread.
//
// run-here.mjs starts this worker on a reader's Run click; it loads Pyodide (CPython
// compiled to WebAssembly) from the site's own files, then runs one program per
// message and streams what it prints back. Stopping a program terminates the whole
// worker (the page starts a fresh one on the next Run), so nothing here needs to be
// interruptible.
//
// Messages in:  {type: "run", source, filename}
// Messages out: {type: "ready", stackSwitching}, {type: "out", stream, text},
//               {type: "done", exit, seconds}, {type: "failed", message}

const PYODIDE = new URL("../assets/pyodide/", import.meta.url).href;
const ASKED = new URL(import.meta.url).searchParams;
const TOTAL = Number(ASKED.get("bytes")) || 0; // what Pyodide fetches, in bytes
const CACHE = `run-here-pyodide-${ASKED.get("pyodide") || "unknown"}`;

// Pyodide fetches its WebAssembly, its standard library and its lock file with
// fetch(); this worker's fetch counts their bytes as they arrive, so the page can
// show how far loading is, and keeps them in the browser's Cache Storage, one cache
// per Pyodide release, so a later visit starts without downloading them again.
// (Its two JavaScript modules come by import(), from the browser's HTTP cache.)
const network = self.fetch.bind(self);
let loaded = 0;

function progress(bytes) {
  loaded += bytes;
  postMessage({ type: "progress", loaded, total: TOTAL });
}

async function kept() {
  try {
    for (const name of await caches.keys()) {
      if (name.startsWith("run-here-pyodide-") && name !== CACHE) await caches.delete(name);
    }
    return await caches.open(CACHE);
  } catch {
    return null; // no Cache Storage (a private window may have none): download
  }
}

async function counted(response) {
  const reader = response.body.getReader();
  const chunks = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    progress(value.byteLength);
  }
  const body = new Blob(chunks);
  const headers = new Headers(response.headers);
  headers.delete("content-encoding"); // the bytes kept are the file's own
  headers.set("content-length", String(body.size));
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

self.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : input, self.location.href);
  if (!url.href.startsWith(PYODIDE)) return network(input, init);
  const cache = await kept();
  const hit = cache && (await cache.match(url.href));
  if (hit) {
    progress(Number(hit.headers.get("content-length")) || 0);
    return hit;
  }
  const response = await network(input, init);
  if (!response.ok || !response.body) return response;
  const whole = await counted(response);
  if (cache) await cache.put(url.href, whole.clone()).catch(() => {});
  return whole;
};

// A wait that holds this thread, as a blocking call does in a terminal: the worker's
// event loop (and so Pyodide's asyncio) gets no turn until it ends. Atomics.wait
// sleeps without using the CPU where the browser lends this worker shared memory;
// elsewhere the wait spins on the clock, which also holds only this worker.
const cell = (() => {
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const view = new Int32Array(memory.buffer);
    Atomics.wait(view, 0, 0, 0); // throws where waiting is not allowed
    return view;
  } catch {
    return null;
  }
})();

function block(seconds) {
  const until = performance.now() + seconds * 1000;
  for (let left = until - performance.now(); left > 0; left = until - performance.now()) {
    if (cell) Atomics.wait(cell, 0, 0, left);
  }
}

// The driver: compile the program as the file it is, run it as `__main__`, print an
// uncaught exception as `python file.py` would (without the driver's own frames),
// and return the exit code.
//
// Where the browser can switch stacks (JSPI), `run_here` is called with
// `callPromising`, so Python can wait on the worker's event loop from plain code,
// and `asyncio.run` is replaced, for the program, by one that does what a
// terminal's does around `main()`: the program's first task is `main()`, and when it
// ends the tasks it left are cancelled and its async generators closed. Without
// JSPI, `asyncio.run(x)` becomes `await x`, compiled with top-level await.
//
// Pyodide makes `time.sleep` wait on the event loop, so other tasks run meanwhile;
// here it holds the thread and the loop for its full time, as in a terminal
// (`select.select` with a timeout, which returns at once in Pyodide, too).
// `threading.Event.wait`, `Lock.acquire` and `queue.Queue.get` with a timeout
// already hold the thread in Pyodide.
const DRIVER = `
import ast, asyncio, functools, inspect, linecache, select, sys, time, traceback, types

import _run_here_js
from pyodide import webloop

_c_sleep = webloop._orig_sleep


@functools.wraps(_c_sleep)
def _blocking_sleep(secs):
    if type(secs) not in (int, float) or not secs >= 0:
        return _c_sleep(secs)  # CPython's own TypeError or ValueError
    _run_here_js.block(secs)


_c_select = select.select


@functools.wraps(_c_select)
def _blocking_select(rlist, wlist, xlist, timeout=None):
    start = time.monotonic()
    ready = _c_select(rlist, wlist, xlist, timeout)
    if not any(ready) and (timeout is None or timeout > 0):
        left = float("inf") if timeout is None else timeout - (time.monotonic() - start)
        if left > 0:
            _run_here_js.block(left)
    return ready


time.sleep = _blocking_sleep
select.select = _blocking_select


# What a browser page cannot do the way a terminal does says so, once per run, on
# stderr, or fails with a message that says why, instead of behaving otherwise
# without a word.
_said = set()


def _note(what):
    if what not in _said:
        _said.add(what)
        print(f"Note: {what}", file=sys.stderr)


_c_run_in_executor = webloop.WebLoop.run_in_executor


def _run_in_executor(self, executor, func, *args):
    _note(
        "a browser page has no threads, so here run_in_executor() and "
        "asyncio.to_thread() run the function on the event loop's own thread, which "
        "holds the loop until it returns. In a terminal it runs in another thread "
        "while the loop goes on."
    )
    return _c_run_in_executor(self, executor, func, *args)


webloop.WebLoop.run_in_executor = _run_in_executor


def _no_network(*args, **kwargs):
    raise OSError(
        "a browser page cannot open network connections; run this program in a terminal"
    )


import socket

socket.socket.connect = socket.socket.connect_ex = socket.socket.bind = _no_network


def _no_keyboard(prompt=""):
    raise OSError("input() cannot read a keyboard in a browser page; run this program in a terminal")


import builtins

builtins.input = _no_keyboard


class _AwaitInsteadOfRun(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "run"
                and isinstance(func.value, ast.Name) and func.value.id == "asyncio"
                and len(node.args) == 1):
            return ast.copy_location(ast.Await(node.args[0]), node)
        return node


_running = []


def _asyncio_run(main, *, debug=None, loop_factory=None):
    if _running:
        # what asyncio.run says in a terminal, where the loop is already running
        raise RuntimeError("asyncio.run() cannot be called from a running event loop")
    _running.append(main)
    try:
        return _run_main(main)
    finally:
        _running.clear()


def _run_main(main):
    loop = asyncio.get_event_loop()
    # one loop serves every program of the worker: each starts with its generators
    # tracked afresh, as a terminal's asyncio.run starts with a new loop
    loop._asyncgens_shutdown_called = False
    task = loop.create_task(main)
    try:
        return loop.run_until_complete(task)
    finally:
        left = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for t in left:
            t.cancel()
        if left:
            loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())


def _driver_frame(frame):
    name = frame.filename
    return name == "<exec>" or "/pyodide/" in name or "/_pyodide/" in name


def _readers_frames(shown, seen=None):
    # the driver's frames, and Pyodide's event loop's, are not the program's
    seen = set() if seen is None else seen
    if shown is None or id(shown) in seen:
        return
    seen.add(id(shown))
    shown.stack = traceback.StackSummary.from_list(
        [frame for frame in shown.stack if not _driver_frame(frame)])
    _readers_frames(shown.__cause__, seen)
    _readers_frames(shown.__context__, seen)
    for inner in shown.exceptions or ():
        _readers_frames(inner, seen)


def _ending(filename, error):
    if isinstance(error, SystemExit):
        if error.code is None or isinstance(error.code, int):
            return error.code or 0
        print(error.code, file=sys.stderr)
        return 1
    shown = traceback.TracebackException.from_exception(error)
    _readers_frames(shown)
    print("".join(shown.format()), end="", file=sys.stderr)
    return 1


def _start(source, filename, stack_switching):
    module = types.ModuleType("__main__")
    module.__file__ = filename
    # warnings and tracebacks quote the program's lines, as from the file
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    tree = ast.parse(source, filename)
    if not stack_switching:
        tree = ast.fix_missing_locations(_AwaitInsteadOfRun().visit(tree))
    flags = 0 if stack_switching else ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    return compile(tree, filename, "exec", flags=flags), module


def _swap(module, run):
    _said.clear()
    saved = sys.modules["__main__"], asyncio.run
    sys.modules["__main__"] = module
    asyncio.run = run
    return saved


def _restore(saved):
    sys.modules["__main__"], asyncio.run = saved
    sys.stdout.flush()
    sys.stderr.flush()


def run_here(source, filename):
    try:
        code, module = _start(source, filename, True)
    except SyntaxError as error:
        return _ending(filename, error.with_traceback(None))  # no frame is the program's
    saved = _swap(module, _asyncio_run)
    try:
        exec(code, module.__dict__)
        return 0
    except BaseException as error:
        return _ending(filename, error)
    finally:
        _restore(saved)


async def run_here_awaiting(source, filename):
    try:
        code, module = _start(source, filename, False)
    except SyntaxError as error:
        return _ending(filename, error.with_traceback(None))  # no frame is the program's
    saved = _swap(module, asyncio.run)
    try:
        result = eval(code, module.__dict__)
        if inspect.iscoroutine(result):
            await result
        return 0
    except BaseException as error:
        return _ending(filename, error)
    finally:
        _restore(saved)
`;

const stackSwitching = typeof WebAssembly.Suspending === "function";

// What a program prints goes to the page in batches, at most every 50 ms, so a
// program that prints without end cannot flood the page; past `SHOWN` characters a
// run's output is counted, not sent, and the page says how many lines it left out.
const SHOWN = 200_000;
const EVERY_MS = 50;
let pending = []; // [stream, text] not sent yet
let sent = 0;
let unsent = 0; // lines left out
let lastSent = 0;
let timer = null;

function send() {
  clearTimeout(timer);
  timer = null;
  lastSent = performance.now();
  if (!pending.length) return;
  const parts = pending;
  pending = [];
  for (const [stream, text] of parts) postMessage({ type: "out", stream, text });
}

function writer(stream) {
  const decoder = new TextDecoder();
  return {
    write(bytes) {
      let text = decoder.decode(bytes, { stream: true });
      if (sent >= SHOWN) {
        unsent += text.split("\n").length - 1;
        return bytes.length;
      }
      if (sent + text.length > SHOWN) {
        const cut = text.lastIndexOf("\n", SHOWN - sent) + 1;
        unsent += text.slice(cut).split("\n").length - 1;
        text = text.slice(0, cut);
      }
      sent += text.length;
      const last = pending[pending.length - 1];
      if (last && last[0] === stream) last[1] += text;
      else pending.push([stream, text]);
      if (performance.now() - lastSent >= EVERY_MS) send();
      else if (timer === null) timer = setTimeout(send, EVERY_MS);
      return bytes.length;
    },
  };
}

async function load() {
  const { loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE).href);
  const py = await loadPyodide({ indexURL: PYODIDE, fullStdLib: false });
  py.setStdout(writer("stdout"));
  py.setStderr(writer("stderr"));
  py.registerJsModule("_run_here_js", { block });
  await py.runPythonAsync(DRIVER);
  // a line appears when it is printed, as in a terminal (and print(end="",
  // flush=True) at once)
  await py.runPythonAsync("import sys\nfor s in (sys.stdout, sys.stderr): s.reconfigure(line_buffering=True)");
  postMessage({ type: "ready", stackSwitching });
  return py;
}

const python = load();
python.catch((error) => postMessage({ type: "failed", message: String(error.message || error) }));
let queue = Promise.resolve();

async function run({ source, filename }) {
  const py = await python;
  sent = 0;
  unsent = 0;
  const start = performance.now();
  const exit = stackSwitching
    ? await py.globals.get("run_here").callPromising(source, filename)
    : await py.globals.get("run_here_awaiting")(source, filename);
  const seconds = (performance.now() - start) / 1000;
  send();
  postMessage({ type: "done", exit, seconds, unsent });
}

self.onmessage = (event) => {
  if (!event.data || event.data.type !== "run") return;
  queue = queue
    .then(() => run(event.data))
    .catch((error) => postMessage({ type: "failed", message: String(error.message || error) }));
};
