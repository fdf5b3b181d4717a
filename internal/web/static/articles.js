// The article library's live preview: the news card beside the form
// follows what is typed (title, digest, cover) before anything is saved.
(function () {
  "use strict";
  function bind(form) {
    var card = document.querySelector("#article-preview .wx-news");
    if (!card) return;
    var title = card.querySelector(".wx-news-title");
    var digest = card.querySelector(".wx-news-digest");
    var cover = card.querySelector(".wx-news-cover");
    form.addEventListener("input", function (e) {
      var kind = e.target.getAttribute("data-preview");
      if (kind === "title") title.textContent = e.target.value;
      if (kind === "digest") digest.textContent = e.target.value;
      if (kind === "cover") setCover(cover, e.target.value.trim());
    });
  }
  function setCover(box, url) {
    var img = box.querySelector("img");
    if (!/^https?:\/\/\S+$/i.test(url)) {
      if (img) img.remove();
      return;
    }
    if (!img) {
      img = document.createElement("img");
      img.className = "wx-news-img";
      img.alt = "";
      img.referrerPolicy = "no-referrer";
      box.appendChild(img);
    }
    img.src = url;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-article-form]").forEach(bind);
  });
})();
