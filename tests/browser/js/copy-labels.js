// each copy button's label, with its block's title, and whether it is a console block
() => [...document.querySelectorAll(".highlight button[data-md-type=copy]")].map((b) => {
  const block = b.closest(".highlight");
  const title = block.querySelector(":scope > .filename");
  return {
    title: title ? title.textContent.trim() : null,
    console: block.classList.contains("language-console"),
    label: b.getAttribute("aria-label"),
  };
})
