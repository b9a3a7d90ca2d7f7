// Keep what the last copy command put on the clipboard: Clipboard.js, behind every
// copy button, selects the text in a hidden textarea and runs the copy command.
document.addEventListener("copy", (event) => {
  const t = event.target;
  window.__copied = t && typeof t.value === "string"
    ? t.value.substring(t.selectionStart, t.selectionEnd)
    : String(getSelection());
}, true);
