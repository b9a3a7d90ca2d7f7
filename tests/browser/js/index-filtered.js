// the claims index's rows shown once the filter holds `word`, and its count
(word) => {
  const rows = [...document.querySelectorAll("table.claims-index tbody tr")]
    .filter((row) => row.checkVisibility());
  return {
    shown: rows.length,
    without: rows.filter((row) => !(row.textContent + " " + row.dataset.claim)
      .toLowerCase().includes(word)).length,
    sections: [...document.querySelectorAll(".claims-section")]
      .filter((section) => section.checkVisibility()).length,
    count: document.querySelector(".claims-filter__count").textContent,
  };
}
