package web

import (
	"net/http"
	"time"
)

// handleLangSwitch remembers an explicit language choice and goes back.
// It is a GET so that it works from any page without a form; it changes
// nothing but a display preference.
func (h *Handler) handleLangSwitch(w http.ResponseWriter, r *http.Request) {
	lang := r.URL.Query().Get("to")
	if !supported(lang) {
		http.Error(w, "unsupported language (不支持的语言)", http.StatusBadRequest)
		return
	}
	http.SetCookie(w, h.cookie(r, langCookie, lang, 365*24*time.Hour))
	next := safeNext(r.URL.Query().Get("next"))
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// handleFavicon points browsers that ask for /favicon.ico by habit at the
// embedded icon.
func (h *Handler) handleFavicon(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, h.assets.url("favicon.svg"), http.StatusMovedPermanently)
}
