// fanbase charts: a small wrapper over the vendored uPlot. Plain JS, no
// build step, no inline script (the Content-Security-Policy forbids it).
//
// Any element <div class="chart" data-chart='…'> becomes a responsive chart
// with a legend. The JSON:
//   {
//     "type": "line" | "bars",         default for every series
//     "labels": ["05-01", …],          one per point, shown on the x axis
//     "format": "duration",            optional: values are seconds
//     "xname": "日期",                  optional: legend label of the x axis
//     "series": [{
//       "name": "新增",                 legend label
//       "values": [3, 5, null, …],     null leaves a gap
//       "type": "line" | "bars",       optional, overrides the chart's
//       "axis": "right",               optional: own scale on the right
//       "color": "#07c160"             optional
//     }, …]
//   }
// Up to two bar series sit side by side at each label; further ones are
// drawn as lines. data-height sets the height in pixels (default 240).
// Charts inside content that htmx swaps in are drawn too.
(function () {
  "use strict";

  var palette = ["#2f6fed", "#07c160", "#d97706", "#8b5cf6", "#e5484d", "#14b8a6", "#db2777", "#64748b"];

  function fmtNumber(v) {
    if (v == null || isNaN(v)) { return "—"; }
    var abs = Math.abs(v);
    if (abs >= 100000) { return (v / 10000).toFixed(abs >= 1000000 ? 0 : 1) + (lang() === "en" ? "0k" : "万"); }
    return Math.round(v).toLocaleString("en-US");
  }

  function fmtDuration(v) {
    if (v == null || isNaN(v)) { return "—"; }
    var s = Math.round(v), en = lang() === "en";
    if (s < 60) { return s + (en ? "s" : "秒"); }
    var m = Math.round(s / 60);
    if (m < 60) { return m + (en ? "m" : "分"); }
    var h = Math.floor(m / 60);
    return h + (en ? "h" : "时") + (m % 60 ? (m % 60) + (en ? "m" : "分") : "");
  }

  // Tick steps: whole counts, and durations on round minutes and hours.
  var countIncrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 25000, 50000,
    100000, 200000, 250000, 500000, 1000000, 2000000, 5000000, 10000000];
  var durationIncrs = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

  function lang() { return document.body.getAttribute("data-lang") === "en" ? "en" : "zh"; }

  function alpha(color, a) {
    var m = /^#([0-9a-f]{6})$/i.exec(color || "");
    if (!m) { return color; }
    var n = parseInt(m[1], 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + a + ")";
  }

  // barPaths places the i-th of n bar series at each label.
  function barPaths(i, n) {
    if (!uPlot.paths || !uPlot.paths.bars) { return undefined; }
    if (n === 1) { return uPlot.paths.bars({ size: [0.6, 48], align: 0 }); }
    return uPlot.paths.bars({ size: [0.38, 24], align: i === 0 ? -1 : 1, gap: 1 });
  }

  function options(spec, el) {
    var fmt = spec.format === "duration" ? fmtDuration : fmtNumber;
    var labels = spec.labels || [];
    var n = labels.length;
    var bars = 0, hasRight = false;
    var series = [{ label: spec.xname || "", value: function (u, v) { return v == null ? "" : (labels[v] || ""); } }];
    (spec.series || []).forEach(function (s, idx) {
      var type = s.type || spec.type || "line";
      var color = s.color || palette[idx % palette.length];
      var right = s.axis === "right";
      hasRight = hasRight || right;
      var opt = { label: s.name, stroke: color, width: 2, scale: right ? "y2" : "y", spanGaps: false,
        value: function (u, v) { return fmt(v); }, points: { show: n <= 31, size: 5, fill: color } };
      if (type === "bars" && bars < 2) {
        opt.paths = barPaths(bars, Math.min(countBars(spec), 2));
        opt.fill = alpha(color, 0.85);
        opt.width = 0;
        opt.points = { show: false };
        bars++;
      }
      series.push(opt);
    });
    var step = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(el.clientWidth / 64))));
    var axes = [{
      splits: function () { var out = []; for (var i = 0; i < n; i += step) { out.push(i); } return out; },
      values: function (u, splits) { return splits.map(function (i) { return labels[i] || ""; }); },
      grid: { show: false }, stroke: "#6b7280", ticks: { show: false }
    }, {
      incrs: spec.format === "duration" ? durationIncrs : countIncrs,
      values: function (u, splits) { return splits.map(fmt); }, size: 56, stroke: "#6b7280",
      grid: { stroke: "#eef0f3", width: 1 }, ticks: { show: false }
    }];
    if (hasRight) {
      axes.push({ scale: "y2", side: 1, incrs: countIncrs, values: function (u, splits) { return splits.map(fmtNumber); },
        size: 60, stroke: "#94a3b8", grid: { show: false }, ticks: { show: false } });
    }
    return {
      width: Math.max(el.clientWidth, 200),
      height: parseInt(el.getAttribute("data-height"), 10) || 240,
      series: series, axes: axes,
      scales: {
        x: { time: false, range: function () { return [-0.5, Math.max(n - 0.5, 0.5)]; } },
        y: { range: function (u, min, max) { return [Math.min(0, min || 0), max > 0 ? max * 1.12 : 1]; } },
        y2: { range: function (u, min, max) { var pad = Math.max((max - min) * 0.15, 1); return [Math.max(0, min - pad), max + pad]; } }
      },
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } }
    };
  }

  function countBars(spec) {
    return (spec.series || []).filter(function (s) { return (s.type || spec.type) === "bars"; }).length;
  }

  function data(spec) {
    var xs = (spec.labels || []).map(function (_, i) { return i; });
    return [xs].concat((spec.series || []).map(function (s) { return s.values || []; }));
  }

  function draw(el) {
    if (el.getAttribute("data-drawn") || typeof uPlot === "undefined") { return; }
    var spec;
    try { spec = JSON.parse(el.getAttribute("data-chart")); } catch (e) { return; }
    el.setAttribute("data-drawn", "1");
    var plot = new uPlot(options(spec, el), data(spec), el);
    if (window.ResizeObserver) {
      var width = el.clientWidth;
      new ResizeObserver(function () {
        if (el.clientWidth !== width && el.clientWidth > 0) {
          width = el.clientWidth;
          plot.setSize({ width: width, height: plot.height });
        }
      }).observe(el);
    }
  }

  function drawAll(root) {
    var els = (root || document).querySelectorAll(".chart[data-chart]");
    for (var i = 0; i < els.length; i++) { draw(els[i]); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(); });
  } else {
    drawAll();
  }
  document.addEventListener("htmx:load", function (e) { drawAll(e.target); });
})();
