// what an exercise's Check said: its verdict, its words, its time, and the pass kept
(box) => ({
  verdict: box.dataset.verdict || "",
  text: box.querySelector(".run-here__verdict").textContent,
  seconds: Number(box.dataset.seconds || "NaN"),
  passed: box.querySelector(".run-here__passed").hidden
    ? "" : box.querySelector(".run-here__passed").textContent,
})
