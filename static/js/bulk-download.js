// The bulk download's progress page (certificates.bulk_views): read the job's JSON status
// every two seconds and update the bar, the counts and the download link, until it is done.
// Without this script the page refreshes itself (<meta refresh> in <noscript>).
(function () {
  "use strict";

  var box = document.querySelector("[data-bulk-status]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-bulk-status");

  function show(state) {
    box.querySelector("[data-bulk-label]").textContent = state.label;
    var bar = box.querySelector("[data-bulk-bar]");
    bar.max = state.total || 1;
    bar.value = state.done;
    bar.textContent = state.percent + "%";
    box.querySelector("[data-bulk-done]").textContent = state.done;
    box.querySelector("[data-bulk-total]").textContent = state.total;
    var error = box.querySelector("[data-bulk-error]");
    error.textContent = state.error;
    error.hidden = !state.error;
    var link = box.querySelector("[data-bulk-link]");
    if (state.download_url) {
      box.querySelector("[data-bulk-href]").href = state.download_url;
      link.hidden = false;
    }
    var wait = box.querySelector("[data-bulk-wait]");
    if (wait && state.finished) {
      wait.hidden = true;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (state) {
        if (!state) {
          return;
        }
        show(state);
        if (!state.finished) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
