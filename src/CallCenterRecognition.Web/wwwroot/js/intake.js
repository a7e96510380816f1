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

// The unit being typed: its standing (a recognized unit needs a differential follow-up, not a grievance) and its open
// claims, which this member can join as a grievant in one click instead of opening another grievance.
(function () {
  "use strict";
  var box = document.getElementById("unit-status");
  var form = document.getElementById("intake-form");
  var definition = document.getElementById("definition-id");
  var submit = document.getElementById("intake-submit");
  if (!box || !form || !definition || !submit) { return; }
  var department = form.querySelector("[data-duplicates=department]");
  var workUnit = form.querySelector("[data-duplicates=workUnit]");
  var submitText = submit.textContent;
  var timer = null;
  var last = "";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function render(answer) {
    box.replaceChildren();
    definition.value = "";
    submit.textContent = submitText;
    if (!answer || !answer.unit) { return; }
    var unit = answer.unit;
    var recognized = unit.status === "recognized" || unit.status === "differential-granted";
    var alert = el("div", "alert " + (recognized ? "success" : "info"));
    alert.setAttribute("role", "status");
    var since = unit.statusOn ? new Date(unit.statusOn + "T12:00:00Z").toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" }) : null;
    alert.appendChild(el("strong", null, unit.name + " (" + unit.department + "): " + unit.statusName + (since ? " since " + since : "") + "."));
    if (recognized && answer.opens) {
      alert.appendChild(el("p", null, "This unit is already recognized as a call center, so this member needs no grievance. Saving opens a differential follow-up: the MRC checks the member's pay and asks the department's HR to pay the differential."));
      definition.value = answer.opens;
      submit.textContent = submit.getAttribute("data-follow-up");
    }
    (answer.openClaims || []).forEach(function (c) {
      var row = el("p", "join");
      var link = el("a", null, c.number);
      link.href = "/claims/" + encodeURIComponent(c.id);
      row.appendChild(document.createTextNode("Open claim for this unit: "));
      row.appendChild(link);
      row.appendChild(document.createTextNode(" (" + c.stageName + ")"));
      if (c.mayAddGrievant && !recognized) {
        var button = el("button", "primary", "Add this member as a grievant to " + c.number);
        button.type = "submit";
        button.setAttribute("form", "intake-form");
        button.setAttribute("formaction", "/intake?handler=AddGrievant&claimId=" + encodeURIComponent(c.id));
        row.appendChild(document.createElement("br"));
        row.appendChild(button);
      }
      alert.appendChild(row);
    });
    box.appendChild(alert);
  }

  function check() {
    var d = department ? department.value.trim() : "", w = workUnit ? workUnit.value.trim() : "";
    var query = d && w ? new URLSearchParams({ department: d, workUnit: w }).toString() : "";
    if (query === last) { return; }
    last = query;
    if (!query) { render(null); return; }
    fetch(box.getAttribute("data-endpoint") + "?" + query, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (query === last) { render(answer); } })
      .catch(function () { /* a help, not a gate: the server decides again on save */ });
  }

  [department, workUnit].forEach(function (input) {
    if (!input) { return; }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(check, 250); });
  });
  check();
})();
