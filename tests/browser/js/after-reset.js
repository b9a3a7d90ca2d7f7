// what a Run block shows after Reset: its output, and which of its parts are shown
(box) => ({
  output: box.querySelector(".run-here__output").textContent,
  output_shown: box.querySelector(".run-here__output").checkVisibility(),
  label_shown: box.querySelector(".run-here__label").checkVisibility(),
  editor_shown: box.querySelector("textarea").checkVisibility()
    || !!(box.querySelector(".run-here__cm") || { checkVisibility: () => false }).checkVisibility(),
})
