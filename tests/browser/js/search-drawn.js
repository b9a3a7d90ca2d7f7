(query) => {
  // the worker has answered the whole query, and the page has drawn that answer:
  // the first ten results (drawn at once; the rest wait for scrolling), in its order
  const state = window.__search;
  if (state.last !== query || state.answered < state.asked || !state.pages) return false;
  const want = state.pages.slice(0, 10);
  // each result is drawn as its page's link (with the `?h=` of search.highlight),
  // then its sections' links: compare pages
  const page = (address) => decodeURI(address.split("#")[0]);
  const drawn = [...document.querySelectorAll(".md-search-result__item")]
    .map((item) => item.querySelector("a"))
    .map((link) => (link ? page(link.pathname) : ""));
  // the search box is used on the home page, the root its addresses are relative to
  return drawn.length === want.length
    && drawn.every((path, i) => path === page(new URL(want[i], location.href).pathname));
}
