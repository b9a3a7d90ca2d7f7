// the classes of the highlighted code's tokens on the page (axe checks each class's
// contrast on the first page that shows it: Browser.axe)
() => [...new Set([...document.querySelectorAll(".highlight code span[class]")]
  .map((span) => span.className))]
