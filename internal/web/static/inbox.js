// fanbase service desk: live refresh of the queue and the conversation,
// waiting-time counters, the composer, canned replies and keyboard
// shortcuts. No inline scripts: everything hangs off ids and data-*.
(function () {
  "use strict";
  var page = document.querySelector(".inbox-page");
  if (!page || !window.htmx) { return; }
  var isConversation = page.getAttribute("data-page") === "conversation";
  var selectedId = null;

  // trailing throttles fn: at most once per ms, and always once more after
  // the last call, so a burst of live events ends with a fresh view.
  function trailing(fn, ms) {
    var timer = null, dirty = false;
    function run() {
      timer = null;
      fn();
      if (dirty) { dirty = false; timer = setTimeout(run, ms); }
    }
    return function () {
      if (timer) { dirty = true; return; }
      timer = setTimeout(run, 50);
    };
  }
  function refresh(id) {
    var el = document.getElementById(id);
    if (el) { htmx.trigger(el, "refresh"); }
  }
  var refreshQueue = trailing(function () { refresh("queue"); }, 800);
  var refreshConversation = trailing(function () { refresh("conv-live-region"); }, 400);

  // Live events arrive on the hidden listeners (#queue-live, #conv-live).
  function onLive(e) {
    refreshQueue();
    var conv = document.getElementById("conv-live");
    var data = e.detail && e.detail.data;
    if (!conv) { return; }
    // No data: a refresh after the live stream (re)connected.
    if (!data || data === conv.getAttribute("data-openid") || data === conv.getAttribute("data-conversation")) {
      refreshConversation();
    }
  }
  document.addEventListener("sse:conversation", onLive);
  document.addEventListener("sse:message", onLive);
  document.addEventListener("conv-refresh", refreshConversation);

  // Waiting times count up every second (server time, not the browser's).
  var skew = 0;
  function units() {
    var q = document.getElementById("queue");
    function u(k) { return q ? q.getAttribute("data-unit-" + k) : k; }
    return { s: u("s"), m: u("m"), h: u("h"), d: u("d") };
  }
  function fmt(secs, u) {
    var s = Math.floor(secs % 60), m = Math.floor(secs / 60) % 60, h = Math.floor(secs / 3600);
    if (secs < 60) { return s + u.s; }
    if (secs < 3600) { return m + u.m + " " + s + u.s; }
    if (h < 48) { return h + u.h + " " + m + u.m; }
    return Math.floor(h / 24) + u.d;
  }
  function tick() {
    var u = units(), now = Date.now() + skew;
    document.querySelectorAll(".waiting[data-since]").forEach(function (el) {
      var secs = Math.max(0, (now - Number(el.getAttribute("data-since"))) / 1000);
      el.textContent = fmt(secs, u);
      el.classList.toggle("long", secs >= 1800);
    });
  }
  var q0 = document.getElementById("queue");
  if (q0 && q0.getAttribute("data-now")) { skew = Number(q0.getAttribute("data-now")) - Date.now(); }
  setInterval(tick, 1000);

  // The queue keeps the selected row across live reloads.
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#queue .queue-row")); }
  function select(row) {
    rows().forEach(function (r) { r.classList.remove("selected"); });
    if (!row) { return; }
    row.classList.add("selected");
    selectedId = row.getAttribute("data-id");
    row.scrollIntoView({ block: "nearest" });
  }
  function selectedRow() {
    return selectedId && document.querySelector('#queue .queue-row[data-id="' + selectedId + '"]');
  }
  function move(step) {
    var all = rows();
    if (!all.length) { return; }
    if (isConversation) {
      var cur = document.querySelector("#queue .queue-row.current");
      var i = all.indexOf(cur) + step;
      if (!cur) { i = step > 0 ? 0 : all.length - 1; }
      if (i >= 0 && i < all.length) { window.location.href = all[i].getAttribute("data-href"); }
      return;
    }
    var j = all.indexOf(selectedRow());
    j = j < 0 ? (step > 0 ? 0 : all.length - 1) : Math.max(0, Math.min(all.length - 1, j + step));
    select(all[j]);
  }
  // The timeline opens at its newest end, as chats do, and stays there on
  // live refreshes unless the agent scrolled up to read.
  var stick = false;
  function toBottom() {
    var tl = document.getElementById("timeline");
    if (tl) { tl.scrollTop = tl.scrollHeight; }
  }
  document.addEventListener("htmx:beforeSwap", function (e) {
    var tl = document.getElementById("timeline");
    if (e.detail.target && e.detail.target.id === "conv-live-region" && tl) {
      stick = tl.scrollHeight - tl.scrollTop - tl.clientHeight < 40;
    }
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (stick) { stick = false; toBottom(); }
    var row = selectedRow();
    if (row) { row.classList.add("selected"); }
    tick();
    syncComposer();
  });
  document.addEventListener("click", function (e) {
    var row = e.target.closest && e.target.closest("#queue .queue-row");
    if (row && !isConversation) { select(row); }
  });

  // The composer: one part per message type; blocked while the window is closed.
  var composer = document.getElementById("composer");
  function showType(type) {
    document.querySelectorAll(".composer-part").forEach(function (fs) {
      fs.hidden = fs.getAttribute("data-type") !== type;
    });
  }
  function syncComposer() {
    var ws = document.getElementById("window-status");
    if (!composer || !ws) { return; }
    var open = ws.getAttribute("data-open") === "true";
    composer.classList.toggle("blocked", !open);
    composer.querySelectorAll(".composer-part").forEach(function (fs) { fs.disabled = !open; });
    var btn = document.getElementById("send-btn");
    if (btn) { btn.disabled = !open; }
    var reason = document.getElementById("composer-block-reason");
    if (reason) { reason.hidden = open; reason.textContent = ws.getAttribute("data-reason") || ""; }
  }
  if (composer) {
    composer.addEventListener("change", function (e) {
      if (e.target.name === "type") { showType(e.target.value); }
    });
  }
  function send() {
    var btn = document.getElementById("send-btn");
    if (!composer || !btn || btn.disabled) { return; }
    if (composer.requestSubmit) { composer.requestSubmit(btn); } else { htmx.trigger(composer, "submit"); }
  }

  // Canned replies: the button shows only if the picker answers.
  var cannedBtn = document.getElementById("canned-btn");
  if (cannedBtn && window.fetch) {
    fetch(cannedBtn.getAttribute("data-pick-url") + "?q=", { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (res) { if (res.ok) { cannedBtn.hidden = false; } })
      .catch(function () {});
    cannedBtn.addEventListener("click", function () {
      var picker = document.getElementById("canned-picker");
      picker.hidden = !picker.hidden;
      if (!picker.hidden) {
        var input = document.getElementById("canned-q");
        htmx.trigger(input, "canned-open");
        input.focus();
      }
    });
  }
  document.addEventListener("click", function (e) {
    var item = e.target.closest && e.target.closest("#canned-list [data-text]");
    if (!item) { return; }
    e.preventDefault();
    var radio = document.querySelector('#composer input[name="type"][value="text"]');
    if (radio) { radio.checked = true; showType("text"); }
    var ta = document.getElementById("composer-text");
    var text = item.getAttribute("data-text"), start = ta.selectionStart || 0, end = ta.selectionEnd || 0;
    ta.value = ta.value.slice(0, start) + text + ta.value.slice(end);
    ta.selectionStart = ta.selectionEnd = start + text.length;
    document.getElementById("canned-picker").hidden = true;
    ta.focus();
  });

  // Dialogs: the shortcut list.
  document.addEventListener("click", function (e) {
    var opener = e.target.closest && e.target.closest("[data-open-dialog]");
    if (opener) { document.querySelector(opener.getAttribute("data-open-dialog")).showModal(); }
    var closer = e.target.closest && e.target.closest("[data-close-dialog]");
    if (closer) { closer.closest("dialog").close(); }
  });

  function click(id) {
    var el = typeof id === "string" ? document.getElementById(id) : id;
    if (el) { el.click(); return true; }
    return false;
  }

  // Keyboard shortcuts: j/k next/previous, Enter open, c claim, r reply,
  // Ctrl+Enter send, e close, ? the list.
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && composer && composer.contains(t)) {
      e.preventDefault();
      send();
      return;
    }
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) {
      if (e.key === "Escape") { t.blur(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) { return; }
    var row = selectedRow();
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "Enter":
        if (row && !isConversation) { window.location.href = row.getAttribute("data-href"); } else { return; }
        break;
      case "c":
        if (isConversation) { click("claim-btn"); } else if (row) { click(row.querySelector(".claim-btn")); }
        break;
      case "r": break; // focuses on keyup, so the "r" itself is not typed
      case "e": click("close-btn"); break;
      case "?": {
        var d = document.getElementById("shortcuts");
        if (d && !d.open) { d.showModal(); }
        break;
      }
      default: return;
    }
    e.preventDefault();
  });

  document.addEventListener("keyup", function (e) {
    var t = e.target;
    if (e.key !== "r" || e.ctrlKey || e.metaKey || e.altKey || (t.closest && t.closest("input, textarea, select, [contenteditable]"))) { return; }
    var ta = document.getElementById("composer-text");
    if (ta && !ta.matches(":disabled")) { ta.focus(); }
  });

  syncComposer();
  toBottom();
})();
