// The member's upload form: each chosen file goes to POST /api/member/{token}/documents on its own, with its own progress row;
// after each one the checklist is re-read from GET /api/member/{token}, and the summary is written at the top of the page.
// Without script the form posts to the page itself, all files at once.
(function () {
  "use strict";
  var form = document.querySelector("form[data-member-upload]");
  if (!form || !window.XMLHttpRequest || !window.FormData || !window.fetch) { return; }

  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file]"));
  var chosen = form.querySelector(".upload-chosen");
  var rows = form.querySelector(".upload-rows");
  var button = form.querySelector("button[type=submit]");
  var result = document.getElementById("upload-result");
  form.classList.add("enhanced");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function files() {
    var all = [];
    inputs.forEach(function (input) { Array.prototype.forEach.call(input.files || [], function (f) { all.push(f); }); });
    return all;
  }

  function showChosen() {
    chosen.replaceChildren();
    files().forEach(function (f) { chosen.appendChild(el("li", null, f.name)); });
  }

  inputs.forEach(function (input) { input.addEventListener("change", showChosen); });

  function problemText(status, body) {
    if (status === 429) { return "too many uploads in a minute; wait a minute and send it again."; }
    if (body && body.errors) {
      var parts = [];
      Object.keys(body.errors).forEach(function (key) {
        var what = key === "file" ? "The file" : key === "description" ? "The description" : "The category";
        parts.push(what + " " + [].concat(body.errors[key]).join(", ") + ".");
      });
      if (parts.length) { return parts.join(" "); }
    }
    if (body && body.detail) { return body.detail; }
    return "the upload failed (" + status + ").";
  }

  function refreshChecklist() {
    return fetch(form.getAttribute("data-status"), { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status || !status.checklist) { return; }
        status.checklist.forEach(function (item) {
          var li = document.querySelector("#checklist li[data-category='" + CSS.escape(item.id) + "']");
          if (!li) { return; }
          li.className = item.covered ? "covered" : "missing";
          li.setAttribute("data-covered", item.covered ? "true" : "false");
          li.querySelector(".mark").textContent = item.covered ? "\u2713" : "\u25CB";
          li.querySelector(".visually-hidden").textContent = item.covered ? "received" : "not received yet";
        });
      })
      .catch(function () { return null; });
  }

  function send(file, row) {
    return new Promise(function (resolve) {
      var bar = row.querySelector("progress");
      var percent = row.querySelector(".percent");
      var outcome = row.querySelector(".outcome");
      var data = new FormData();
      data.append("category", form.querySelector("[name=category]").value);
      data.append("description", form.querySelector("[name=description]").value);
      data.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.getAttribute("data-api"));
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          var value = Math.min(99, Math.round(e.loaded * 100 / e.total));
          bar.value = value;
          percent.textContent = value + "%";
        }
      };
      xhr.onload = function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (ignored) { body = null; }
        if (xhr.status === 201) {
          bar.value = 100;
          percent.textContent = "100%";
          outcome.textContent = "Received";
          row.classList.add("done");
          resolve({ ok: true, name: file.name });
        } else {
          var reason = problemText(xhr.status, body);
          outcome.textContent = "Not saved";
          row.classList.add("failed");
          resolve({ ok: false, name: file.name, reason: reason });
        }
      };
      xhr.onerror = function () {
        outcome.textContent = "Not saved";
        row.classList.add("failed");
        resolve({ ok: false, name: file.name, reason: "the connection failed; try again." });
      };
      xhr.send(data);
    });
  }

  function report(outcomes) {
    result.replaceChildren();
    var received = outcomes.filter(function (o) { return o.ok; }).map(function (o) { return o.name; });
    var failed = outcomes.filter(function (o) { return !o.ok; });
    if (received.length) {
      result.appendChild(el("div", "alert success", "Thank you: " + received.join(", ") + (received.length === 1 ? " was" : " were") + " received."));
    }
    if (failed.length) {
      var box = el("div", "alert error");
      box.setAttribute("role", "alert");
      var list = el("ul", "plain");
      failed.forEach(function (o) { list.appendChild(el("li", null, o.name + " was not saved: " + o.reason)); });
      box.appendChild(list);
      result.appendChild(box);
    }
    result.scrollIntoView({ block: "start" });
    result.focus({ preventScroll: true });
  }

  form.addEventListener("submit", function (event) {
    var list = files();
    if (!list.length) {
      event.preventDefault();
      result.replaceChildren(el("div", "alert error", "Choose a file or take a photo first."));
      result.focus();
      return;
    }
    if (!form.checkValidity()) { return; }
    event.preventDefault();
    button.disabled = true;
    result.replaceChildren();
    rows.replaceChildren();
    rows.hidden = false;
    var pairs = list.map(function (file) {
      var row = el("li", "upload-row");
      row.appendChild(el("span", "name", file.name));
      var bar = el("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "Sending " + file.name);
      row.appendChild(bar);
      row.appendChild(el("span", "percent", "0%"));
      row.appendChild(el("span", "outcome", "Waiting"));
      rows.appendChild(row);
      return { file: file, row: row };
    });
    var outcomes = [];
    pairs.reduce(function (chain, pair) {
      return chain.then(function () {
        pair.row.querySelector(".outcome").textContent = "Sending";
        return send(pair.file, pair.row);
      }).then(function (outcome) {
        outcomes.push(outcome);
        return outcome.ok ? refreshChecklist() : null;
      });
    }, Promise.resolve()).then(function () {
      button.disabled = false;
      inputs.forEach(function (input) { input.value = ""; });
      showChosen();
      report(outcomes);
    });
  });
})();
