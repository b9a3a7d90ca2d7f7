// what the home page shows on a reader's first screen, and where its parts start
() => {
  const seen = (el) => el && el.checkVisibility() && el.getBoundingClientRect().height > 0;
  const h1 = document.querySelector("article h1");
  const lead = h1 && h1.nextElementSibling;
  const program = document.querySelector(".highlight > .filename");
  const output = document.querySelector(".highlight.output");
  const claim = document.querySelector(".claim");
  const top = (el) => (el ? el.getBoundingClientRect().top : null);
  const name = document.querySelector(".md-header__topic:first-child .md-ellipsis");
  return {
    title: seen(h1) ? h1.textContent.replace("¶", "").trim() : null,
    lead: seen(lead) ? lead.textContent.trim() : null,
    program: program && program.textContent.trim(),
    tops: { program: top(program), output: top(output), claim: top(claim) },
    height: innerHeight,
    name: name && { text: name.textContent.trim(), cut: name.scrollWidth > name.clientWidth
      || name.scrollHeight > name.clientHeight + 1 },
    paths: [...document.querySelectorAll(".home-paths a")].map((a) => a.pathname),
    // the ways in a reader can see without scrolling
    seen_paths: [...document.querySelectorAll("article a")]
      .filter((a) => seen(a) && a.getBoundingClientRect().bottom <= innerHeight)
      .map((a) => a.pathname),
  };
}
