(box) => {
  // the program the block shows: its editor's lines where the editor is shown,
  // else the file
  const view = box.querySelector(".run-here__cm");
  if (view && view.checkVisibility()) {
    return [...view.querySelectorAll(".cm-line")].map((line) => line.textContent).join("\n")
      + "\n";
  }
  const area = box.querySelector("textarea");
  if (!area.hidden && area.checkVisibility()) return area.value;
  let el = box.previousElementSibling;
  for (; el; el = el.previousElementSibling) {
    const title = el.querySelector(":scope > span.filename, .highlight > span.filename");
    if (title && title.textContent.trim() === "snippets/" + box.dataset.snippet) {
      const code = title.closest(".highlight");
      return code.checkVisibility() ? code.querySelector("pre > code").textContent : null;
    }
  }
  return null;
}
