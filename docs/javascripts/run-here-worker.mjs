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


class _AwaitInsteadOfRun(ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if (isinstance(func, ast.Attribute) and func.attr == "run"
                and isinstance(func.value, ast.Name) and func.value.id == "asyncio"
                and len(node.args) == 1):
            return ast.copy_location(ast.Await(node.args[0]), node)
        return node


def _asyncio_run(main, *, debug=None, loop_factory=None):
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
        return _ending(filename, error)
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
        return _ending(filename, error)
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

async function load() {
  const { loadPyodide } = await import(new URL("pyodide.mjs", PYODIDE).href);
  const py = await loadPyodide({ indexURL: PYODIDE, fullStdLib: false });
  const write = (stream) => ({
    batched: (text) => postMessage({ type: "out", stream, text: text + "\n" }),
  });
  py.setStdout(write("stdout"));
  py.setStderr(write("stderr"));
  py.registerJsModule("_run_here_js", { block });
  await py.runPythonAsync(DRIVER);
  postMessage({ type: "ready", stackSwitching });
  return py;
}

const python = load();
python.catch((error) => postMessage({ type: "failed", message: String(error.message || error) }));
let queue = Promise.resolve();

async function run({ source, filename }) {
  const py = await python;
  const start = performance.now();
  const exit = stackSwitching
    ? await py.globals.get("run_here").callPromising(source, filename)
    : await py.globals.get("run_here_awaiting")(source, filename);
  postMessage({ type: "done", exit, seconds: (performance.now() - start) / 1000 });
}

self.onmessage = (event) => {
  if (!event.data || event.data.type !== "run") return;
  queue = queue
    .then(() => run(event.data))
    .catch((error) => postMessage({ type: "failed", message: String(error.message || error) }));
};
