// the size of every Run-block button and copy button shown
() => [...document.querySelectorAll(".run-here button, .highlight button[data-md-type=copy]")]
  .filter((b) => b.checkVisibility())
  .map((b) => {
    const r = b.getBoundingClientRect();
    return { button: b.getAttribute("aria-label") || b.textContent.trim(),
             width: r.width, height: r.height };
  })
