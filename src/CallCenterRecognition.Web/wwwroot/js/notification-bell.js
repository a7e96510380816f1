// Fills the notification bell partial (_NotificationBell.cshtml). Text only goes through textContent, never innerHTML.
(function () {
  "use strict";

  // The app's one date format, California time: "Tue 1 Dec 2026, 8:00 AM" (as DisplayDates writes it on the server).
  var parts = new Intl.DateTimeFormat("en-US", {
    timeZone: "America/Los_Angeles", weekday: "short", day: "numeric", month: "short", year: "numeric",
    hour: "numeric", minute: "2-digit", hour12: true,
  });
  function display(iso) {
    var p = {};
    parts.formatToParts(new Date(iso)).forEach(function (part) { p[part.type] = part.value; });
    return p.weekday + " " + p.day + " " + p.month + " " + p.year + ", " + p.hour + ":" + p.minute + " " + p.dayPeriod;
  }

  function init(root) {
    var endpoint = root.getAttribute("data-endpoint");
    var token = root.getAttribute("data-antiforgery");
    var toggle = root.querySelector("[data-ccr-bell-toggle]");
    var panel = root.querySelector("[data-ccr-bell-panel]");
    var count = root.querySelector("[data-ccr-bell-count]");
    var number = root.querySelector("[data-ccr-bell-number]");
    var list = root.querySelector("[data-ccr-bell-list]");
    var empty = root.querySelector("[data-ccr-bell-empty]");
    var error = root.querySelector("[data-ccr-bell-error]");

    function render(data) {
      // The name comes from the button's own text ("Notifications 2 unread"), so it always holds the number a sighted user sees.
      number.textContent = String(data.unread);
      count.hidden = data.unread === 0;
      list.replaceChildren();
      empty.hidden = data.items.length > 0;
      data.items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "ccr-bell__item" + (item.readAt ? "" : " ccr-bell__item--unread");
        var title = document.createElement(item.link ? "a" : "span");
        title.className = "ccr-bell__title";
        title.textContent = item.title;
        if (item.link && item.link.charAt(0) === "/" && item.link.charAt(1) !== "/") {
          title.setAttribute("href", item.link);
        }
        title.addEventListener("click", function () { markRead(item); });
        var body = document.createElement("span");
        body.className = "ccr-bell__body";
        body.textContent = item.body;
        var when = document.createElement("time");
        when.className = "ccr-bell__time";
        when.dateTime = item.createdAt;
        when.textContent = display(item.createdAt);
        li.append(title, body, when);
        if (!item.readAt) {
          var read = document.createElement("button");
          read.type = "button";
          read.className = "ccr-bell__read";
          read.textContent = "Mark read";
          read.addEventListener("click", function () { markRead(item).then(load); });
          li.append(read);
        }
        list.append(li);
      });
    }

    function load() {
      return fetch(endpoint, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) { error.hidden = true; render(data); })
        .catch(function () { error.hidden = false; });
    }

    function markRead(item) {
      if (item.readAt) { return Promise.resolve(); }
      return fetch(endpoint + "/" + encodeURIComponent(item.id) + "/read", {
        method: "POST",
        credentials: "same-origin",
        headers: { RequestVerificationToken: token },
      });
    }

    toggle.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { load(); }
    });

    load();
    window.setInterval(load, 60000);
  }

  document.querySelectorAll("[data-ccr-bell]").forEach(init);
})();
