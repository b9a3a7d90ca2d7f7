// the claims index: its sections, its rows, what scrolls sideways, and its filter box
() => {
  const table = document.querySelector("table.claims-index");
  const rows = [...document.querySelectorAll("table.claims-index tbody tr")];
  const shown = () => rows.filter((row) => row.checkVisibility());
  const wide = [...document.querySelectorAll(".claims-section, .claims-section *")]
    .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== "visible")
    .map((el) => el.tagName + "." + el.className);
  return {
    sections: [...document.querySelectorAll(".claims-section > h3")]
      .map((h) => h.textContent.replace("¶", "").trim()),
    rows: rows.length,
    shown: shown().length,
    page: { scroll: document.documentElement.scrollWidth, width: innerWidth },
    wide,
    machine_in_rows: rows.filter((row) => /CPUs?/.test(row.textContent)).length,
    code_in_rows: document.querySelectorAll("table.claims-index td code").length,
    code_in_links: document.querySelectorAll("table.claims-index a code").length,
    filter: !!table && !!document.querySelector(".claims-filter:not([hidden]) input"),
  };
}
