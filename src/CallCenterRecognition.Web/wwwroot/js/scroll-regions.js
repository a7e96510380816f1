// A table or diagram wider than the screen scrolls inside its box; keyboard users reach it only if the box takes focus (WCAG 2.1.1).
(function () {
  "use strict";
  function mark() {
    document.querySelectorAll(".table-wrap, .diagram").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  window.addEventListener("resize", mark);
}());
