// The custom menu editor: a phone-like preview (bottom bar, pop-up
// sub-menus) where a tap selects a button, a panel that edits it with live
// byte counters, tabs for conditional menus. The whole document lives in
// the hidden "document" field, so saving is a plain form post and the
// server checks everything again.
(function () {
  "use strict";
  var enc = new TextEncoder();
  function bytes(s) { return enc.encode(s || "").length; }

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) return;
      if (k === "text") e.textContent = v;
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? "" : v);
    });
    (kids || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }

  function Editor(root) {
    this.root = root;
    this.cfg = JSON.parse(root.getAttribute("data-config"));
    this.doc = JSON.parse(root.getAttribute("data-doc")) || {};
    this.doc.button = this.doc.button || [];
    this.doc.conditional = this.doc.conditional || [];
    this.saved = JSON.stringify(this.doc);
    this.tab = 0; // 0: default menu, n: conditional menu n
    this.sel = { b: this.doc.button.length ? 0 : -1, s: -1 };
    this.ro = this.cfg.readonly;
    this.field = document.getElementById("menu-document");
    this.markProblems();
    this.render();
  }
  var E = Editor.prototype;
  E.t = function (k) { return this.cfg.texts[k] || k; };
  E.buttons = function () { return this.tab === 0 ? this.doc.button : this.doc.conditional[this.tab - 1].button; };
  E.current = function () {
    var bs = this.buttons(), b = bs[this.sel.b];
    if (!b) return null;
    return this.sel.s >= 0 ? (b.sub_button || [])[this.sel.s] || null : b;
  };
  E.changed = function (rerender) {
    var json = JSON.stringify(this.doc);
    if (this.field) this.field.value = json;
    var badge = document.getElementById("menu-unsaved");
    if (badge) badge.hidden = json === this.saved;
    if (rerender !== false) this.render(); else this.renderBar();
  };
  E.select = function (b, s) { this.sel = { b: b, s: s }; this.render(); };

  // markProblems opens the tab and button a refused save complained about first.
  E.markProblems = function () {
    var p = (this.cfg.problems || [])[0];
    if (!p) return;
    var parts = p.path.split(".").map(Number);
    if (parts[0] <= this.doc.conditional.length) this.tab = parts[0];
    if (parts[1] > 0) this.sel = { b: parts[1] - 1, s: parts[2] - 1 };
  };

  E.render = function () { this.renderTabs(); this.renderCond(); this.renderBar(); this.renderPanel(); };

  E.renderTabs = function () {
    var self = this, box = document.getElementById("menu-tabs");
    box.textContent = "";
    var tab = function (i, label) {
      return el("a", { href: "#", "class": self.tab === i ? "active" : "", id: "menu-tab-" + i,
        onclick: function (e) { e.preventDefault(); self.tab = i; self.sel = { b: self.buttons().length ? 0 : -1, s: -1 }; self.render(); } }, [label]);
    };
    box.appendChild(tab(0, this.t("tab.default")));
    this.doc.conditional.forEach(function (c, i) {
      box.appendChild(tab(i + 1, self.t("tab.conditional").replace("%s", self.tagName(c.tag_id))));
    });
    if (!this.ro && this.cfg.tags.length) {
      box.appendChild(el("a", { href: "#", id: "menu-tab-add", onclick: function (e) {
        e.preventDefault();
        self.doc.conditional.push({ tag_id: self.cfg.tags[0].ID, button: [{ name: self.t("new_button"), type: "click" }] });
        self.tab = self.doc.conditional.length; self.sel = { b: 0, s: -1 }; self.changed();
      } }, [this.t("tab.add")]));
    }
  };
  E.tagName = function (id) {
    var t = this.cfg.tags.filter(function (t) { return t.ID === id; })[0];
    return t ? t.Name : "#" + id;
  };

  E.renderCond = function () {
    var self = this, box = document.getElementById("menu-cond");
    box.textContent = "";
    if (this.tab === 0) {
      if (!this.cfg.tags.length && !this.ro) box.appendChild(el("p", { id: "menu-no-tags", "class": "muted" },
        [this.t("cond.no_tags") + " ", el("a", { href: this.cfg.tags_url, text: this.t("cond.tags_link") })]));
      return;
    }
    var c = this.doc.conditional[this.tab - 1];
    var tags = el("select", { id: "menu-cond-tag", disabled: this.ro, onchange: function () { c.tag_id = Number(this.value); self.changed(); } },
      this.cfg.tags.map(function (t) {
        return el("option", { value: t.ID, selected: t.ID === c.tag_id, text: t.Name + (t.WxTagID ? "" : self.t("cond.unsynced")) });
      }));
    var plat = el("select", { id: "menu-cond-platform", disabled: this.ro, onchange: function () { c.client_platform_type = this.value; self.changed(false); } },
      [["", this.t("cond.platform_any")], ["1", "iOS"], ["2", "Android"], ["3", "Other"]].map(function (o) {
        return el("option", { value: o[0], selected: (c.client_platform_type || "") === o[0], text: o[1] });
      }));
    box.appendChild(el("div", { "class": "row" }, [
      el("label", { "for": "menu-cond-tag", text: this.t("cond.tag") }), tags,
      el("label", { "for": "menu-cond-platform", text: this.t("cond.platform") }), plat,
      this.ro ? null : el("button", { type: "button", "class": "btn btn-ghost btn-sm", id: "menu-cond-remove", onclick: function () {
        self.doc.conditional.splice(self.tab - 1, 1); self.tab = 0; self.sel = { b: 0, s: -1 }; self.changed();
      } }, [this.t("cond.remove")]),
      el("span", { "class": "muted", text: this.t("cond.hint") })]));
  };

  E.renderBar = function () {
    var self = this, bar = document.getElementById("menu-bar"), bs = this.buttons();
    bar.textContent = "";
    bs.forEach(function (b, i) {
      var subs = b.sub_button || [];
      var cell = el("div", { "class": "phone-cell" });
      var btn = el("button", { type: "button", "class": "phone-btn" + (self.sel.b === i && self.sel.s < 0 ? " selected" : ""),
        "data-index": i, onclick: function () { self.select(i, -1); } }, [subs.length ? "≡ " : "", b.name || "…"]);
      cell.appendChild(btn);
      if (self.sel.b === i && (subs.length || !self.ro)) cell.appendChild(self.popup(b, i));
      bar.appendChild(cell);
    });
    if (!this.ro && bs.length < this.cfg.limits.buttons) {
      bar.appendChild(el("div", { "class": "phone-cell" }, [el("button", { type: "button", "class": "phone-btn phone-add", id: "menu-add-button",
        onclick: function () { bs.push({ name: self.t("new_button"), type: "click" }); self.sel = { b: bs.length - 1, s: -1 }; self.changed(); } },
        [this.t("add_button")])]));
    }
  };
  E.popup = function (b, i) {
    var self = this, subs = b.sub_button || [];
    var pop = el("div", { "class": "phone-sub" });
    subs.forEach(function (s, j) {
      pop.appendChild(el("button", { type: "button", "class": "phone-item" + (self.sel.s === j ? " selected" : ""), "data-index": j,
        onclick: function () { self.select(i, j); } }, [s.name || "…"]));
    });
    if (!this.ro && subs.length < this.cfg.limits.items) {
      pop.appendChild(el("button", { type: "button", "class": "phone-item phone-add", id: "menu-add-item", onclick: function () {
        b.sub_button = subs.concat([{ name: self.t("new_item"), type: "click" }]);
        self.sel = { b: i, s: b.sub_button.length - 1 }; self.changed();
      } }, [this.t("add_item")]));
    }
    return pop;
  };

  // The panel edits the selected button.
  E.renderPanel = function () {
    var self = this, box = document.getElementById("menu-panel"), b = this.current();
    box.textContent = "";
    if (!b) { box.appendChild(el("p", { "class": "muted", id: "menu-pick", text: this.t("pick") })); return; }
    var top = this.sel.s < 0, parent = top && (b.sub_button || []).length > 0;
    var limit = top ? this.cfg.limits.top : this.cfg.limits.sub;
    box.appendChild(this.counted("menu-name", "field.name", b.name, limit, function (v) { b.name = v; }));
    if (parent) box.appendChild(el("p", { "class": "muted", text: this.t("has_items") }));
    else this.actionFields(box, b);
    box.appendChild(this.countsLine(b));
    if (!this.ro) box.appendChild(this.tools(top, parent));
  };

  // counted is an input with a live byte counter against limit.
  E.counted = function (id, label, value, limit, set, textarea) {
    var self = this;
    var count = el("span", { "class": "menu-count", id: id + "-count" });
    var show = function (v) {
      var n = bytes(v);
      count.textContent = n + " / " + limit + " " + self.t("bytes");
      count.classList.toggle("over", n > limit);
    };
    var input = el(textarea ? "textarea" : "input", { id: id, disabled: this.ro, oninput: function () { set(this.value); show(this.value); self.changed(false); } });
    input.value = value || "";
    show(input.value);
    return el("div", { "class": "field" }, [el("label", { "for": id, text: this.t(label) }), input, count]);
  };
  E.plain = function (id, label, value, set) {
    var self = this, input = el("input", { id: id, disabled: this.ro, oninput: function () { set(this.value.trim()); self.changed(false); } });
    input.value = value || "";
    return el("div", { "class": "field" }, [el("label", { "for": id, text: this.t(label) }), input]);
  };
  E.select_ = function (id, label, opts, value, set) {
    var self = this;
    var s = el("select", { id: id, disabled: this.ro, onchange: function () { set(this.value); self.changed(); } },
      opts.map(function (o) { return el("option", { value: o[0], selected: String(value) === String(o[0]), text: o[1] }); }));
    return el("div", { "class": "field" }, [el("label", { "for": id, text: this.t(label) }), s]);
  };
  E.articleOpts = function () {
    return [["0", this.t("field.article_none")]].concat(this.cfg.articles.map(function (a) { return [String(a.id), a.title]; }));
  };

  E.actionFields = function (box, b) {
    var self = this, L = this.cfg.limits;
    box.appendChild(this.select_("menu-type", "field.type", this.cfg.types.map(function (t) { return [t, self.t("type." + t)]; }),
      b.type || "click", function (v) { b.type = v; }));
    switch (b.type || "click") {
    case "view":
      box.appendChild(this.counted("menu-url", "field.url", b.url, L.url, function (v) { b.url = v.trim(); }));
      box.appendChild(this.select_("menu-view-article", "field.article", this.articleOpts(), b.article_id || 0,
        function (v) { b.article_id = Number(v) || undefined; }));
      break;
    case "miniprogram":
      box.appendChild(this.plain("menu-appid", "field.appid", b.appid, function (v) { b.appid = v; }));
      box.appendChild(this.plain("menu-pagepath", "field.pagepath", b.pagepath, function (v) { b.pagepath = v; }));
      box.appendChild(this.counted("menu-url", "field.fallback", b.url, L.url, function (v) { b.url = v.trim(); }));
      break;
    case "article_id": case "article_view_limited":
      box.appendChild(this.plain("menu-wx-article", "field.wx_article_id", b.wx_article_id, function (v) { b.wx_article_id = v; }));
      break;
    case "media_id": case "view_limited":
      box.appendChild(this.plain("menu-media", "field.media_id", b.media_id, function (v) { b.media_id = v; }));
      break;
    default:
      box.appendChild(this.counted("menu-key", "field.key", b.key, L.key, function (v) { b.key = v.trim(); }));
      if ((b.type || "click") === "click") this.replyFields(box, b);
    }
  };

  E.replyFields = function (box, b) {
    var r = b.reply || {}, kind = r.article_id !== undefined ? "article" : (r.text !== undefined ? "text" : "none");
    var first = this.cfg.articles[0];
    box.appendChild(this.select_("menu-reply-kind", "field.reply_kind",
      [["none", this.t("field.reply_none")], ["text", this.t("field.reply_text")], ["article", this.t("field.reply_article")]], kind,
      function (v) {
        if (v === "none") delete b.reply;
        if (v === "text") b.reply = { text: (b.reply && b.reply.text) || "" };
        if (v === "article") b.reply = { article_id: (b.reply && b.reply.article_id) || (first && first.id) || 0 };
      }));
    if (kind === "text") box.appendChild(this.counted("menu-reply-text", "field.text", r.text, this.cfg.limits.reply, function (v) { b.reply = { text: v }; }, true));
    if (kind === "article") box.appendChild(this.select_("menu-reply-article", "field.reply_article", this.articleOpts().slice(1), r.article_id || "",
      function (v) { b.reply = { article_id: Number(v) }; }));
  };

  // countsLine shows the button's clicks over 7 and 30 days.
  E.countsLine = function (b) {
    var key = b.type === "view" ? "VIEW " + (b.article_id ? this.articleURL(b.article_id) : b.url) : "CLICK " + (b.key || "");
    var n = this.cfg.counts[key] || [0, 0];
    return el("p", { "class": "muted menu-clicks", id: "menu-clicks" },
      [this.t("stats.7d") + " " + n[0] + " · " + this.t("stats.30d") + " " + n[1]]);
  };
  E.articleURL = function (id) {
    var a = this.cfg.articles.filter(function (a) { return a.id === id; })[0];
    return a ? a.url : "";
  };

  E.tools = function (top, parent) {
    var self = this, bs = this.buttons(), list = top ? bs : bs[this.sel.b].sub_button, i = top ? this.sel.b : this.sel.s;
    var move = function (d) {
      var j = i + d;
      if (j < 0 || j >= list.length) return;
      var x = list[i]; list[i] = list[j]; list[j] = x;
      if (top) self.sel.b = j; else self.sel.s = j;
      self.changed();
    };
    var remove = function () {
      list.splice(i, 1);
      if (top) self.sel = { b: Math.min(i, bs.length - 1), s: -1 }; else self.sel.s = -1;
      self.changed();
    };
    return el("div", { "class": "row menu-tools" }, [
      el("button", { type: "button", "class": "btn btn-sm", id: "menu-move-left", disabled: i === 0, onclick: function () { move(-1); } }, [this.t("move_left")]),
      el("button", { type: "button", "class": "btn btn-sm", id: "menu-move-right", disabled: i === list.length - 1, onclick: function () { move(1); } }, [this.t("move_right")]),
      top && !parent && (bs[i].sub_button || []).length < this.cfg.limits.items ? el("button", { type: "button", "class": "btn btn-sm", id: "menu-panel-add-item",
        onclick: function () { bs[i].sub_button = [{ name: self.t("new_item"), type: "click" }]; self.sel = { b: i, s: 0 }; self.changed(); } }, [this.t("add_item")]) : null,
      el("button", { type: "button", "class": "btn btn-ghost btn-sm menu-remove", id: "menu-remove", onclick: remove }, [this.t("remove")])]);
  };

  window.MenuEditor = Editor;
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("menu-editor");
    if (root) root.editor = new Editor(root);
  });
})();
