() => {
  // a colour is the danger colour when it is a saturated red, and not transparent
  const red = (colour) => {
    const m = /rgba?\(([^)]+)\)/.exec(colour || "");
    if (!m) return false;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).map(Number);
    if (a < 0.5) return false;
    const max = Math.max(r, g, b), min = Math.min(r, g, b);
    if (max === 0 || (max - min) / max < 0.5) return false;
    let hue;
    if (max === r) hue = (60 * ((g - b) / (max - min)) + 360) % 360;
    else if (max === g) hue = 60 * ((b - r) / (max - min)) + 120;
    else hue = 60 * ((r - g) / (max - min)) + 240;
    return hue <= 20 || hue >= 340;
  };
  const found = {};
  for (const box of document.querySelectorAll(".claim[id^='claim-']")) {
    const parts = [box, ...box.querySelectorAll("*")].filter(
      (el) => !el.closest("details:not([open]) > :not(summary)"));
    let text = box.innerText;
    const colours = [];
    for (const el of parts) {
      for (const pseudo of [null, "::before", "::after"]) {
        const style = getComputedStyle(el, pseudo);
        if (pseudo && style.content && style.content !== "none") text += style.content;
        colours.push(style.color, style.borderLeftColor, style.backgroundColor);
      }
    }
    found[box.id.slice("claim-".length)] = {
      classes: box.className,
      text,
      danger: colours.filter(red),
    };
  }
  return found;
}
