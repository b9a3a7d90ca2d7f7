// the block's program is running, and has printed the word it prints first (`STUCK`)
(box) => box.dataset.state === "running"
  && box.querySelector(".run-here__output").textContent.includes("started")
