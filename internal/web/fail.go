package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// fail answers with the error: a message people can act on for application
// errors, a logged generic one for anything else. htmx requests get a small
// fragment (swapped into #flash by app.js) instead of a whole page.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, p *Page, err error) {
	if r.Context().Err() != nil {
		// The browser went away (a navigation cancelled an htmx refresh):
		// nobody is left to answer, and it is not a fault.
		h.log.Debug("web request cancelled", "method", r.Method, "path", r.URL.Path, "error", err.Error())
		return
	}
	code := errs.CodeOf(err)
	status := errs.HTTPStatus(code)
	msg := err.Error()
	if code == errs.Internal {
		h.log.Error("web request failed", "method", r.Method, "path", r.URL.Path, "user_id", p.User.ID, "error", err.Error())
		msg = p.T("error.internal")
	}
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Retarget", "#flash")
		w.Header().Set("HX-Reswap", "innerHTML")
		_ = h.execute(w, p, "error", "error_flash", msg, status)
		return
	}
	if err := h.execute(w, p, "error", "layout.html", errorView{Status: status, Message: msg}, status); err != nil {
		h.log.Error("render error page", "error", err.Error())
	}
}

type errorView struct {
	Status  int
	Message string
}

// secureHeaders sets the headers every page gets: no framing, no sniffing,
// scripts only from our own static files.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
		next.ServeHTTP(w, r)
	})
}
