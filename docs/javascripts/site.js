// The site's own page scripts, for either builder's theme (mkdocs.yml lists this
// file under extra_javascript, after the theme's bundle).
(function () {
  // The site's root: this file is javascripts/site.js under it. Instant navigation
  // changes the page's address, not this script's.
  var base = new URL("../", document.currentScript.src).href;

  // Run buttons: the module that runs programs loads on a reader's first click on
  // one of them, or just before, when the pointer or the focus reaches a Run or
  // Edit button; that also starts loading Python (or the editor) for the click.
  // A build without Pyodide's files has no Run buttons, and this waits for none.
  window.__runHere = { base: base };
  var module = null;
  function load() {
    module = module || import(new URL("javascripts/run-here.mjs", base).href);
    return module;
  }
  function pass(event) {
    if (!event.target.closest || !event.target.closest(".run-here")) return;
    if (event.type === "click" && !event.target.closest(".run-here button")) return;
    if (!module && event.type !== "click") return;
    load().then(function (m) { m.handle(event); });
    // the plain textarea's keys act at once, before the module's answer
    if (event.type === "keydown" && event.target.matches("textarea")
        && (event.key === "Tab" && !event.shiftKey || event.key === "Enter")) {
      event.preventDefault();
    }
  }
  function intent(event) {
    var button = event.target.closest && event.target.closest(".run-here__run, .run-here__check, .run-here__edit");
    if (button) load().then(function (m) { m.prepare(button); });
  }
  // An exercise the reader has met says so, from this browser's local storage
  // (run-here.mjs keeps the day of a pass there; Forget removes it).
  window.__runHere.progress = function () {
    document.querySelectorAll(".run-here[data-exercise]").forEach(function (box) {
      var note = box.querySelector(".run-here__passed");
      var when = null;
      try { when = localStorage.getItem("measured-exercise:" + box.dataset.exercise); }
      catch (error) { when = null; }
      note.hidden = !when;
      if (when) note.firstChild.textContent = "✓ You met this goal in this browser on " + when + ". ";
    });
  };
  document.addEventListener("click", pass);
  document.addEventListener("keydown", pass);
  document.addEventListener("pointerover", intent);
  document.addEventListener("focusin", intent);

  // Each copy button says what it copies: "Copy overlap.py" over a program,
  // "Copy command" over a console block, for a screen reader and as a tooltip;
  // a program's copies its file exactly.
  function label() {
    document.querySelectorAll(".highlight .md-code__button[data-md-type=copy]").forEach(function (button) {
      var block = button.closest(".highlight");
      var title = block.querySelector(":scope > .filename");
      var name = "Copy code";
      if (title) {
        name = "Copy " + title.textContent.trim().split("/").pop();
        // a program copies whole, with the final newline its file ends with (the
        // theme's copy trims it, and a pasted file without one is not the file)
        var code = block.querySelector("code");
        if (code) {
          var text = code.textContent;
          button.setAttribute("data-clipboard-text", text.endsWith("\n") ? text : text + "\n");
        }
      }
      else if (block.classList.contains("language-console")) {
        var commands = block.querySelectorAll("code > .gp, code > span > .gp").length;
        var runs = /python3? (?:\S*\/)?([\w.-]+\.py)/.exec(block.textContent);
        name = commands > 1 ? "Copy commands" : "Copy command";
        if (runs) name += " (" + runs[1] + ")";
      }
      button.setAttribute("aria-label", name);
      button.setAttribute("title", name);
    });
  }
  // A link to a section of another page lands on that section, even when the
  // reader taps it just after scrolling. mkdocs-material saves the scroll offset
  // into the history entry 100 ms after the page last scrolled; a tap within those
  // 100 ms pushes the new page's entry first, the old page's offset lands on it, and
  // the theme then scrolls the new page to that offset instead of to the section
  // (on a phone, the page stayed where the hub had been scrolled to). An offset is
  // kept here only while the page it was measured on is still the one shown, as
  // Zensical's theme already does.
  var scrolledOn = location.pathname;
  window.addEventListener("scroll", function () { scrolledOn = location.pathname; },
    { passive: true });
  var replaceState = history.replaceState;
  history.replaceState = function (state) {
    var offset = state !== null && typeof state === "object"
      && Object.keys(state).sort().join() === "x,y";
    if (offset && scrolledOn !== location.pathname) return;
    return replaceState.apply(this, arguments);
  };

  if (window.document$) {
    window.document$.subscribe(function () {
      requestAnimationFrame(label);
      window.__runHere.progress();
    });
  } else {
    document.addEventListener("DOMContentLoaded", window.__runHere.progress);
  }
})();
