// "Build packet": queues a background build, polls its JSON status for the progress bar, then offers the download.
(function () {
  "use strict";
  var form = document.querySelector("form[data-packet-build]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var box = form.querySelector(".packet-progress");
  var bar = form.querySelector("progress");
  var step = form.querySelector(".packet-step");
  var status = form.querySelector(".packet-status");
  var button = form.querySelector("button[type=submit]");

  function say(text, kind) {
    status.replaceChildren(document.createTextNode(text));
    status.className = "packet-status" + (kind ? " alert " + kind : "");
  }

  function poll(url) {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (build) {
        bar.value = build.percent;
        step.textContent = build.step + " (" + build.percent + "%)";
        if (build.status === "done") {
          button.disabled = false;
          var link = document.createElement("a");
          link.href = build.downloadUrl;
          link.id = "packet-download";
          link.setAttribute("download", "");
          link.textContent = "Download the packet (" + build.pageCount + " pages)";
          status.replaceChildren(link);
          status.className = "packet-status alert success";
        } else if (build.status === "failed") {
          button.disabled = false;
          box.hidden = true;
          say(build.error || "The packet could not be built.", "error");
        } else {
          window.setTimeout(function () { poll(url); }, 500);
        }
      })
      .catch(function () {
        button.disabled = false;
        say("Could not read the build's progress. Reload the page to see whether the packet is ready.", "error");
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    box.hidden = false;
    bar.value = 0;
    step.textContent = "";
    say("");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" } })
      .then(function (response) { return response.json().then(function (body) { return { ok: response.ok, body: body }; }); })
      .then(function (result) {
        if (!result.ok || !result.body.ok) { return Promise.reject(result.body && result.body.message); }
        poll(result.body.build.statusUrl);
      })
      .catch(function (message) {
        button.disabled = false;
        box.hidden = true;
        say(typeof message === "string" ? message : "The packet could not be started.", "error");
      });
  });
})();
