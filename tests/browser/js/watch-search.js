(() => {
  // Count the queries posted to the search worker and its answers, so a test can
  // wait until the results shown are those of the whole query it typed.
  const Native = window.Worker;
  // Keep the pages of the last answer, in order, so a test can wait until the list
  // drawn on the page is that answer's, not an earlier one's.
  const state = (window.__search = {
    asked: 0, answered: 0, last: null, ready: false, pages: null,
  });
  if (!Native) return;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        const type = event.data && event.data.type;
        if (type === 1) state.ready = true;
        if (type === 3) {
          state.answered += 1;
          state.pages = event.data.data.items.map((group) => group[0].location);
        }
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) {
        state.asked += 1;
        state.last = message.data;
        state.pages = null;
      }
      return super.postMessage(message, ...rest);
    }
  };
})();
