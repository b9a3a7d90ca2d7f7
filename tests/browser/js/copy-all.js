() => {
  // click every copy button of the page's programs and console blocks, in the page,
  // and keep what each click copied (null: the block has no copy button)
  const reveal = /* reveal.js */ null;
  const copy = (block) => {
    const button = block.querySelector("button[data-md-type=copy]");
    if (!button) return null;
    if (!block.checkVisibility()) reveal(block);
    window.__copied = null;
    button.click();
    return window.__copied;
  };
  const snippets = {};
  for (const block of document.querySelectorAll(".highlight")) {
    const title = block.querySelector(":scope > span.filename");
    const name = title ? title.textContent.trim() : "";
    if (name.startsWith("snippets/") && !(name in snippets)) snippets[name] = copy(block);
  }
  const consoles = [...document.querySelectorAll("div.language-console.highlight")]
    .map((block) => [block.querySelector("pre > code").textContent, copy(block)]);
  return { snippets, consoles };
}
