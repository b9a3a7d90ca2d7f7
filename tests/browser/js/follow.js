(url) => {
  // follow a link to the next page, as a reader clicks one: instant navigation
  // fetches the page and swaps its content in, keeping the page's scripts
  const article = document.querySelector("article");
  article.dataset.left = "yes";
  const link = Object.assign(document.createElement("a"), { href: url });
  article.append(link);
  link.click();
}
