// While MRC staff type the member's e-mail or the department and work unit, list open claims that match,
// so they link to the existing claim instead of opening a duplicate. Built with DOM nodes only: no HTML from data.
(function () {
  "use strict";
  var box = document.getElementById("duplicates");
  var form = document.getElementById("intake-form");
  if (!box || !form) { return; }
  var fields = {};
  form.querySelectorAll("[data-duplicates]").forEach(function (input) { fields[input.getAttribute("data-duplicates")] = input; });
  var timer = null;
  var last = "";

  function value(name) { return fields[name] ? fields[name].value.trim() : ""; }

  function render(matches) {
    box.replaceChildren();
    if (matches.length === 0) { return; }
    var alert = document.createElement("div");
    alert.className = "alert warning";
    alert.setAttribute("role", "status");
    var title = document.createElement("strong");
    title.textContent = matches.length === 1 ? "1 open claim matches." : matches.length + " open claims match.";
    alert.appendChild(title);
    var list = document.createElement("ul");
    matches.forEach(function (m) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "/claims/" + encodeURIComponent(m.id);
      link.textContent = m.number;
      item.appendChild(link);
      var why = [];
      if (m.sameMember) { why.push("same member"); }
      if (m.sameUnit) { why.push("same unit"); }
      item.appendChild(document.createTextNode(" — " + m.memberName + ", " + m.department + " / " + m.workUnit + " (" + m.stageName + "; " + why.join(", ") + ")"));
      list.appendChild(item);
    });
    alert.appendChild(list);
    box.appendChild(alert);
  }

  function check() {
    var params = new URLSearchParams();
    var email = value("email"), department = value("department"), workUnit = value("workUnit");
    if (email) { params.set("email", email); }
    if (department && workUnit) { params.set("department", department); params.set("workUnit", workUnit); }
    var query = params.toString();
    if (query === last) { return; }
    last = query;
    if (!query) { render([]); return; }
    fetch(box.getAttribute("data-endpoint") + "?" + query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (matches) { if (query === last) { render(matches); } })
      .catch(function () { /* the check is a help, not a gate: saving still works without it */ });
  }

  Object.keys(fields).forEach(function (name) {
    fields[name].addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(check, 250);
    });
  });
  check();
})();
