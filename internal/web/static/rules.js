// Rules editor: clicking a problem's line number selects that line in the
// YAML editor.
(function () {
  "use strict";
  var editor = document.getElementById("rules-yaml");
  if (!editor) { return; }
  function selectLine(n, quiet) {
    var lines = editor.value.split("\n");
    var start = 0;
    for (var i = 0; i < n - 1 && i < lines.length; i++) { start += lines[i].length + 1; }
    var end = start + (lines[n - 1] || "").length;
    editor.focus({ preventScroll: !!quiet });
    editor.setSelectionRange(start, end);
    var lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
    editor.scrollTop = Math.max(0, (n - 4) * lineHeight);
  }
  document.addEventListener("click", function (e) {
    var item = e.target.closest(".yaml-error[data-line]");
    if (!item) { return; }
    e.preventDefault();
    selectLine(parseInt(item.getAttribute("data-line"), 10));
  });
  var first = document.querySelector(".yaml-error[data-line]");
  if (first) { selectLine(parseInt(first.getAttribute("data-line"), 10), true); }
})();
