() => {
  // for each snippet the page shows, the blocks after its code up to the next
  // snippet's: whether one is a Run button, and the text of any note
  const found = {};
  const titles = [...document.querySelectorAll(".highlight > span.filename")]
    .filter((title) => title.textContent.trim().startsWith("snippets/"));
  for (const title of titles) {
    const name = title.textContent.trim().slice("snippets/".length);
    const entry = (found[name] = found[name] || { run: false, notes: [] });
    let el = title.closest(".highlight");
    for (el = el.nextElementSibling; el; el = el.nextElementSibling) {
      const next = el.querySelector(":scope > span.filename, .highlight > span.filename");
      if (next && next.textContent.trim().startsWith("snippets/")) break;
      if (el.matches(".run-here")) entry.run = true;
      if (el.matches(".run-note")) entry.notes.push(el.textContent.trim());
    }
  }
  return { snippets: found, helps: document.querySelectorAll(".run-here__help").length };
}
