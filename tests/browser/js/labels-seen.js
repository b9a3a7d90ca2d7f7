(box) => {
  // keep every text the block's label shows, as it changes
  window.__labels = [];
  const label = box.querySelector(".run-here__label");
  new MutationObserver(() => window.__labels.push(label.textContent))
    .observe(label, { childList: true, characterData: true, subtree: true });
}
