// Broadcast pages: peak-hour buttons fill the schedule time, the template
// form grows rows, and risky buttons ask first. The live check and the
// phone preview are htmx (see broadcast_compose.html).
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    var peak = e.target.closest("[data-at]");
    if (peak) {
      var at = document.getElementById("broadcast-at");
      if (at) { at.value = peak.getAttribute("data-at"); at.focus(); }
      return;
    }
    var ask = e.target.closest("[data-confirm]");
    if (ask && ask.getAttribute("data-confirm") && !window.confirm(ask.getAttribute("data-confirm"))) {
      e.preventDefault();
      return;
    }
    if (e.target.id === "bc-tpl-add") addTemplateRow();
  });
  function addTemplateRow() {
    var rows = document.getElementById("bc-tpl-rows");
    var last = rows && rows.lastElementChild;
    if (!last) return;
    var row = last.cloneNode(true);
    row.querySelectorAll("input").forEach(function (i) { i.value = ""; });
    rows.appendChild(row);
    row.querySelector("input").focus();
  }
})();
