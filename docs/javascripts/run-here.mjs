// Run a snippet in the reader's browser, on Pyodide (CPython compiled to WebAssembly).
//
// Nothing here loads with the page: the page's own small script imports this module
// on the first click on a Run or Edit button, and this module loads Pyodide from the
// site's own files (assets/pyodide/) on the first Run. One Python serves every block
// of the visit, and runs one program at a time, so each output block shows only its
// own program's lines.

const PYODIDE = "assets/pyodide/";

// The driver: compile the program as the file it is, run it as `__main__`, print an
// uncaught exception as `python file.py` would, and return the exit code.
//
// Where the browser can switch stacks (JSPI), `run_here` is called with
// `callPromising`, so Python can wait on the page's event loop from plain code, and
// `asyncio.run` is replaced, for the program, by one that does what a terminal's
// does around `main()`: the program's first task is `main()`, and when it ends the
// tasks it left are cancelled and its async generators closed. Without JSPI,
// `asyncio.run(x)` becomes `await x`, compiled with top-level await.
const DRIVER = `
import ast, asyncio, inspect, linecache, sys, traceback, types


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


def _ending(filename, error):
    if isinstance(error, SystemExit):
        if error.code is None or isinstance(error.code, int):
            return error.code or 0
        print(error.code, file=sys.stderr)
        return 1
    shown = error.__traceback__
    while shown is not None and shown.tb_frame.f_code.co_filename != filename:
        shown = shown.tb_next
    traceback.print_exception(type(error), error, shown)
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

let python = null; // the promise of a ready Pyodide
let queue = Promise.resolve(); // one program at a time
let sink = null; // where the running program's output goes

// The site's root, resolved by the page's script when the reader first arrived
// (instant navigation changes the address, not that script's base).
function base() {
  return new URL(window.__runHereBase);
}

function load() {
  if (!python) {
    python = (async () => {
      const where = new URL(PYODIDE, base()).href;
      const { loadPyodide } = await import(new URL("pyodide.mjs", where).href);
      const py = await loadPyodide({ indexURL: where, fullStdLib: false });
      const write = (stream) => ({
        batched: (text) => sink && sink(stream, text + "\n"),
      });
      py.setStdout(write("stdout"));
      py.setStderr(write("stderr"));
      await py.runPythonAsync(DRIVER);
      return py;
    })();
    python.catch(() => {
      python = null; // a failed load is tried again on the next click
    });
  }
  return python;
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
    output: box.querySelector(".run-here__output"),
    label: box.querySelector(".run-here__label"),
    run: box.querySelector(".run-here__run"),
    edit: box.querySelector(".run-here__edit"),
    reset: box.querySelector(".run-here__reset"),
  };
}

function edit(box) {
  const p = parts(box);
  if (p.editor.hidden) {
    p.editor.value = p.editor.value || p.source;
    p.editor.style.height = `${p.code.querySelector("pre").offsetHeight}px`;
    p.editor.hidden = false;
    p.code.hidden = true;
    p.reset.hidden = false;
    p.edit.textContent = "Show the file";
    p.editor.focus();
  } else {
    p.editor.hidden = true;
    p.code.hidden = false;
    p.edit.textContent = "Edit";
  }
}

function reset(box) {
  const p = parts(box);
  p.editor.value = p.source;
  p.editor.hidden = true;
  p.code.hidden = false;
  p.reset.hidden = true;
  p.edit.textContent = "Edit";
}

function run(box) {
  const p = parts(box);
  const edited = !p.editor.hidden || (p.editor.value && p.editor.value !== p.source);
  const source = edited ? p.editor.value : p.source;
  const filename = `snippets/${box.dataset.snippet}`;
  const clicked = performance.now();
  p.run.disabled = true;
  p.output.hidden = false;
  p.output.textContent = "";
  p.label.hidden = false;
  box.dataset.state = "loading";
  p.label.textContent = python ? "Waiting for the program before it…" : "Loading Python…";
  const job = queue.then(async () => {
    const py = await load();
    const stackSwitching = typeof WebAssembly.Suspending === "function";
    box.dataset.readyMs = String(performance.now() - clicked);
    p.label.textContent = "Running in your browser…";
    box.dataset.state = "running";
    let first = null;
    sink = (stream, text) => {
      if (first === null) first = performance.now();
      const span = document.createElement("span");
      if (stream === "stderr") span.className = "run-here__stderr";
      span.textContent = text;
      p.output.appendChild(span);
    };
    const start = performance.now();
    let exit;
    try {
      exit = stackSwitching
        ? await py.globals.get("run_here").callPromising(source, filename)
        : await py.globals.get("run_here_awaiting")(source, filename);
    } finally {
      sink = null;
    }
    const seconds = (performance.now() - start) / 1000;
    const how = stackSwitching ? "" : ", with asyncio.run(x) run as await x";
    p.label.textContent =
      `Output, ran in your browser${edited ? " (edited)" : ""} on Python ` +
      `${box.dataset.python} (WebAssembly, Pyodide ${box.dataset.pyodide})${how}: ` +
      `${seconds.toFixed(2)} s` + (exit ? `, exit code ${exit}` : "");
    box.dataset.state = "done";
    box.dataset.seconds = String(seconds);
    box.dataset.exit = String(exit);
    box.dataset.firstOutputMs = first === null ? "" : String(first - clicked);
  });
  queue = job.catch((error) => {
    p.label.textContent = `Could not run it here: ${error.message || error}`;
    box.dataset.state = "failed";
  });
  queue.finally(() => {
    p.run.disabled = false;
  });
  return queue;
}

// Tab in the editor inserts four spaces, and Enter keeps the line's indentation.
function key(event) {
  const area = event.target;
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
  if (button.classList.contains("run-here__edit")) return edit(box);
  if (button.classList.contains("run-here__reset")) return reset(box);
  return null;
}
