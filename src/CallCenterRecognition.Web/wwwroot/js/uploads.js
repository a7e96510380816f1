// Upload forms (form[data-upload]) send with XMLHttpRequest so the progress bar moves; without script they post normally.
// On success every region marked data-refresh-region (documents, checklist, the filing warning, the history) is re-read from
// the page itself, so what the server now says replaces it, and the finished progress bar goes away.
(function () {
  "use strict";
  if (!window.XMLHttpRequest || !window.FormData) { return; }

  function refresh() {
    return fetch(window.location.pathname + window.location.search, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-refresh-region]").forEach(function (region) {
          var replacement = region.id ? fresh.getElementById(region.id) : null;
          if (replacement) { region.replaceWith(document.importNode(replacement, true)); }
        });
      });
  }

  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    var box = form.querySelector(".upload-progress");
    var bar = form.querySelector("progress");
    var percent = form.querySelector(".upload-percent");
    var status = form.querySelector(".upload-status");
    var button = form.querySelector("button[type=submit]");

    function show(value) {
      bar.value = value;
      percent.textContent = value + "%";
    }

    form.addEventListener("submit", function (event) {
      if (!form.checkValidity()) { return; }
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-Requested-With", "XMLHttpRequest");
      xhr.setRequestHeader("Accept", "application/json");
      box.hidden = false;
      show(0);
      status.textContent = "";
      status.className = "upload-status";
      button.disabled = true;
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { show(Math.round(e.loaded * 100 / e.total)); }
      };
      xhr.onload = function () {
        button.disabled = false;
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
        if (xhr.status >= 200 && xhr.status < 300 && body && body.ok) {
          show(100);
          status.textContent = body.message;
          status.className = "upload-status alert success";
          form.querySelector("input[type=file]").value = "";
          refresh()
            .then(function () { box.hidden = true; })
            .catch(function () { status.textContent = body.message + " Reload the page to see it in the list."; });
        } else {
          show(0);
          box.hidden = true;
          status.textContent = body && body.message ? body.message : "The upload failed (" + xhr.status + "). Nothing was saved.";
          status.className = "upload-status alert error";
        }
      };
      xhr.onerror = function () {
        button.disabled = false;
        box.hidden = true;
        status.textContent = "The connection failed. Nothing was saved; try again.";
        status.className = "upload-status alert error";
      };
      xhr.send(new FormData(form));
    });
  });
})();
