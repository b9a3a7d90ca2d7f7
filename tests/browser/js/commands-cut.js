() => {
  // each command block whose text a phone cannot see whole: it scrolls sideways,
  // or a character lies under the block's copy button
  const cut = [];
  for (const code of document.querySelectorAll(".highlight.command pre > code")) {
    if (!code.checkVisibility()) continue;
    const pre = code.parentElement;
    const button = pre.querySelector(".md-clipboard");
    const box = button ? button.getBoundingClientRect() : null;
    const range = document.createRange();
    range.selectNodeContents(code);
    const under = box && [...range.getClientRects()].some((r) =>
      r.width > 0 && r.right > box.left && r.left < box.right
        && r.bottom > box.top && r.top < box.bottom);
    if (code.scrollWidth > code.clientWidth + 1 || pre.scrollWidth > pre.clientWidth + 1
        || under) {
      cut.push({ text: code.textContent.trim(), scrolls: code.scrollWidth > code.clientWidth + 1,
                 under_copy: !!under });
    }
  }
  return cut;
}
