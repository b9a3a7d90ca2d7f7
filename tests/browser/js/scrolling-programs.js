// the snippets' code blocks whose code scrolls sideways at the page's width
() => [...document.querySelectorAll(".highlight")]
  .map((block) => [block.querySelector(":scope > .filename"), block.querySelector("pre > code")])
  .filter(([title, code]) => title && code && title.textContent.trim().startsWith("snippets/"))
  .map(([title, code]) => ({
    snippet: title.textContent.trim(),
    scrollWidth: code.scrollWidth,
    clientWidth: code.clientWidth,
  }))
  .filter((block) => block.scrollWidth > block.clientWidth)
