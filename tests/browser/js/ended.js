(box) => new Promise((done) => {
  // resolves when the run has ended: told by the page's change of data-state, not
  // by asking on every frame (which keeps the page drawing frames while it runs)
  const ended = () => ["done", "failed", "stopped"].includes(box.dataset.state);
  if (ended()) return done();
  const watch = new MutationObserver(() => {
    if (ended()) {
      watch.disconnect();
      done();
    }
  });
  watch.observe(box, { attributes: true, attributeFilter: ["data-state"] });
})
