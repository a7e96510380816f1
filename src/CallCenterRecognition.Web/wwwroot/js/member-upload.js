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

  // Every word comes from the page (data-text), in the member's language.
  var texts = {};
  try { texts = JSON.parse(form.getAttribute("data-text") || "{}"); } catch (ignored) { texts = {}; }
  function t(key) {
    var text = texts[key] || key;
    for (var i = 1; i < arguments.length; i++) { text = text.split("{" + (i - 1) + "}").join(arguments[i]); }
    return text;
  }

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
    if (status === 429) { return t("Upload.TooMany"); }
    if (status === 413) { return t("Error.FileTooLarge"); }
    if (status === 415) { return t("Error.Unsupported"); }
    if (status === 409) { return t("Error.Closed"); }
    if (status === 404 || status === 410) { return t("Error.LinkGone"); }
    if (body && body.errors) {
      if (body.errors.description) { return t("Error.DescriptionTooLong"); }
      if (body.errors.category) { return t("Error.Category"); }
      if (body.errors.file) { return [].concat(body.errors.file).join(" ").indexOf("empty") >= 0 ? t("Error.Empty") : t("Error.Unsupported"); }
    }
    return t("Upload.Failed", status);
  }

  // What the member sent, as the server words it in their language; text only, never markup.
  function renderSent(sent) {
    var section = document.getElementById("sent");
    var list = document.getElementById("sent-list");
    if (!section || !list) { return; }
    list.replaceChildren();
    sent.forEach(function (d) {
      var li = document.createElement("li");
      li.appendChild(el("span", "file-name", d.fileName));
      li.appendChild(document.createTextNode(" \u2014 " + d.filedAs));
      if (d.note) { li.appendChild(el("span", "hint", " " + d.note)); }
      list.appendChild(li);
    });
    section.hidden = sent.length === 0;
  }

  function refreshChecklist() {
    return fetch(form.getAttribute("data-status"), { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (status) {
        if (!status || !status.checklist) { return; }
        renderSent(status.sent || []);
        status.checklist.forEach(function (item) {
          var li = document.querySelector("#checklist li[data-category='" + CSS.escape(item.id) + "']");
          if (!li) { return; }
          li.className = item.covered ? "covered" : "missing";
          li.setAttribute("data-covered", item.covered ? "true" : "false");
          li.querySelector(".mark").textContent = item.covered ? "\u2713" : "\u25CB";
          li.querySelector(".visually-hidden").textContent = item.covered ? t("Checklist.Received") : t("Checklist.NotReceived");
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
          outcome.textContent = t("Upload.Received");
          row.classList.add("done");
          resolve({ ok: true, name: file.name });
        } else {
          var reason = problemText(xhr.status, body);
          outcome.textContent = t("Upload.NotSaved");
          row.classList.add("failed");
          resolve({ ok: false, name: file.name, reason: reason });
        }
      };
      xhr.onerror = function () {
        outcome.textContent = t("Upload.NotSaved");
        row.classList.add("failed");
        resolve({ ok: false, name: file.name, reason: t("Upload.ConnectionFailed") });
      };
      xhr.send(data);
    });
  }

  function report(outcomes) {
    result.replaceChildren();
    var received = outcomes.filter(function (o) { return o.ok; }).map(function (o) { return o.name; });
    var failed = outcomes.filter(function (o) { return !o.ok; });
    if (received.length) {
      result.appendChild(el("div", "alert success", t(received.length === 1 ? "Result.ReceivedOne" : "Result.ReceivedMany", received.join(t("List.Separator")))));
    }
    if (failed.length) {
      var box = el("div", "alert error");
      box.setAttribute("role", "alert");
      var list = el("ul", "plain");
      failed.forEach(function (o) { list.appendChild(el("li", null, t("Error.FileNotSaved", o.name, o.reason))); });
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
      result.replaceChildren(el("div", "alert error", t("Upload.ChooseFirst")));
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
      bar.setAttribute("aria-label", t("Upload.SendingFile", file.name));
      row.appendChild(bar);
      row.appendChild(el("span", "percent", "0%"));
      row.appendChild(el("span", "outcome", t("Upload.Waiting")));
      rows.appendChild(row);
      return { file: file, row: row };
    });
    var outcomes = [];
    pairs.reduce(function (chain, pair) {
      return chain.then(function () {
        pair.row.querySelector(".outcome").textContent = t("Upload.Sending");
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
      // The text of what was sent is read in the background: look again for what it suggests.
      if (outcomes.some(function (o) { return o.ok; })) {
        [5000, 15000, 40000].forEach(function (delay) { setTimeout(refreshChecklist, delay); });
      }
    });
  });
})();
