// what a Run block shows once its run has ended (the fields of `Ran`)
(box) => ({
  snippet: box.dataset.snippet,
  state: box.dataset.state,
  output: box.querySelector(".run-here__output").textContent,
  label: box.querySelector(".run-here__label").textContent,
  seconds: Number(box.dataset.seconds || "NaN"),
  first_output_ms: box.dataset.firstOutputMs ? Number(box.dataset.firstOutputMs) : null,
  ready_ms: box.dataset.readyMs ? Number(box.dataset.readyMs) : null,
  exit: box.dataset.exit || "",
})
