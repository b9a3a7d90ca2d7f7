// each chart's and timeline's text as rendered: how many labels it has, and the
// first five smaller than `least` px
(least) => [...document.querySelectorAll("figure.measured-figure svg")].map((svg) => {
  const sizes = [...svg.querySelectorAll("text")]
    .filter((t) => t.textContent.trim() && t.getBBox().width > 0)
    .map((t) => {
      const m = t.getScreenCTM();
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      return { text: t.textContent.trim(), px: Math.round(px * 10) / 10 };
    });
  return {
    figure: svg.closest("figure").id,
    labels: sizes.length,
    small: sizes.filter((s) => s.px < least).slice(0, 5),
  };
})
