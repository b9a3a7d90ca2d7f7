// The claims index's filter: a row stays while its text holds every word typed;
// a section without a row left is hidden with its heading.
(function () {
  function filter() {
    var box = document.querySelector(".claims-filter");
    if (!box) return;
    var input = box.querySelector("input"), count = box.querySelector(".claims-filter__count");
    var rows = [].slice.call(document.querySelectorAll("table.claims-index tbody tr"));
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      rows.forEach(function (row) {
        var text = (row.textContent + " " + row.dataset.claim).toLowerCase();
        row.hidden = !words.every(function (w) { return text.indexOf(w) >= 0; });
        if (!row.hidden) shown += 1;
      });
      document.querySelectorAll(".claims-section").forEach(function (section) {
        section.hidden = !section.querySelector("tbody tr:not([hidden])");
      });
      count.textContent = words.length ? shown + " of " + rows.length + " claims" : rows.length + " claims";
    }
    input.addEventListener("input", apply);
    box.hidden = false;
    apply();
  }
  filter();
})();
