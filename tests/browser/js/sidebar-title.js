() => {
  // scroll the menu so that a link sits right under the sticky site title, and say
  // what covers the title's band and what shows under its edge
  const wrap = document.querySelector(".md-sidebar--primary .md-sidebar__scrollwrap");
  const title = document.querySelector(".md-sidebar--primary .md-nav--primary > .md-nav__title");
  const links = [...wrap.querySelectorAll(".md-nav__link")].filter((a) => a.checkVisibility());
  const band = () => title.getBoundingClientRect();
  const link = links[Math.min(6, links.length - 1)];
  wrap.scrollTop += link.getBoundingClientRect().top - band().bottom + 2;
  const r = band();
  const covered = [];
  for (let y = r.top + 1; y < r.bottom; y += 2) {
    const hit = document.elementFromPoint(r.left + 10, y);
    if (!title.contains(hit)) covered.push(hit && hit.textContent.trim().slice(0, 30));
  }
  const style = getComputedStyle(title);
  return {
    covered,
    background: style.backgroundColor,
    glow: style.boxShadow,
    link: link.textContent.trim(),
  };
}
