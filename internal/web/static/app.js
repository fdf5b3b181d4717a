// fanbase — small behaviours every page shares. No inline scripts: the
// Content-Security-Policy allows scripts only from /static.
(function () {
  "use strict";
  var body = document.body;

  // Every htmx request carries the session's CSRF token.
  document.addEventListener("htmx:configRequest", function (e) {
    var token = body.getAttribute("data-csrf");
    if (token) { e.detail.headers["X-CSRF-Token"] = token; }
  });

  // Error fragments from the server show in #flash; clear them on success.
  document.addEventListener("htmx:beforeSwap", function (e) {
    var xhr = e.detail.xhr;
    if (xhr.status >= 400 && xhr.getResponseHeader("HX-Retarget")) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
    }
  });

  // The account switcher navigates.
  var sw = document.getElementById("account-switch");
  if (sw) {
    sw.addEventListener("change", function () { window.location.href = sw.value; });
  }

  // Live indicator follows the SSE connection.
  var live = document.getElementById("live-status");
  document.addEventListener("htmx:sseOpen", function () {
    if (live) { live.classList.add("on"); }
    refreshLiveRegions();
  });

  // Events sent while the stream was not connected (before it opened, or
  // during a reconnect) are lost: on every (re)connect, each live region
  // refreshes once as if its event had arrived.
  function refreshLiveRegions() {
    if (!window.htmx) { return; }
    document.querySelectorAll("[hx-trigger*='sse:']").forEach(function (el) {
      var seen = {};
      (el.getAttribute("hx-trigger").match(/sse:[A-Za-z_-]+/g) || []).forEach(function (name) {
        if (!seen[name]) { seen[name] = true; window.htmx.trigger(el, name); }
      });
    });
  }
  document.addEventListener("htmx:sseError", function () { if (live) { live.classList.remove("on"); } });

  // Leaving a page, also into the back/forward cache, closes its live
  // connection: browsers allow 6 connections per host, and cached pages
  // would keep theirs open until new requests queue behind them. A page
  // restored from that cache reloads to reconnect and show fresh data.
  window.addEventListener("pagehide", function () {
    if (!window.htmx) { return; }
    document.querySelectorAll("[sse-connect]").forEach(function (el) {
      window.htmx.trigger(el, "htmx:beforeCleanupElement");
    });
  });
  window.addEventListener("pageshow", function (e) {
    if (e.persisted && document.querySelector("[sse-connect]")) { window.location.reload(); }
  });

  // Forms and buttons with data-confirm ask first.
  document.addEventListener("submit", function (e) {
    var msg = e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) { e.preventDefault(); }
  }, true);

  // Copy buttons: <button data-copy="#id">.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-copy]");
    if (!btn) { return; }
    var src = document.querySelector(btn.getAttribute("data-copy"));
    if (src && navigator.clipboard) {
      navigator.clipboard.writeText(src.value || src.textContent);
      btn.textContent = btn.getAttribute("data-copied") || "✓";
    }
  });
})();
