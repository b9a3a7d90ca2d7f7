// the link followed (follow.js) has brought the next page in
(url) => location.href.split("#")[0] === url  // navigation.tracking may add an #anchor
  && !document.querySelector("article[data-left]")
  && document.querySelector("article") !== null
