// the element the focus is on, and whether a reader can see it
() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  return {
    element: el.className || el.tagName,
    text: el.textContent.trim().slice(0, 40),
    visible: el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
      && r.width > 0 && r.height > 0,
  };
}
