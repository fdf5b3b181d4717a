package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// loginCSRFCookie carries the double-submit token of the login form: there
// is no session yet to hold one, and login CSRF would log a victim into an
// attacker's account.
const loginCSRFCookie = "fanbase_login_csrf"

type loginView struct {
	Login, Next, Error string
}

func (h *Handler) handleLoginShow(w http.ResponseWriter, r *http.Request) {
	h.showLogin(w, r, loginView{Next: safeNext(r.URL.Query().Get("next"))}, http.StatusOK)
}

func (h *Handler) showLogin(w http.ResponseWriter, r *http.Request, v loginView, status int) {
	p := h.anonymousPage(r)
	p.CSRF = randomToken()
	http.SetCookie(w, h.cookie(r, loginCSRFCookie, p.CSRF, time.Hour))
	p.Title = p.T("login.title")
	if err := h.execute(w, p, "login", "layout.html", v, status); err != nil {
		h.log.Error("render login", "error", err.Error())
	}
}

func (h *Handler) handleLoginSubmit(w http.ResponseWriter, r *http.Request) {
	p := h.anonymousPage(r)
	v := loginView{Login: strings.TrimSpace(r.PostFormValue("login")), Next: safeNext(r.PostFormValue("next"))}
	ck, err := r.Cookie(loginCSRFCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(ck.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		v.Error = p.T("login.expired")
		h.showLogin(w, r, v, http.StatusForbidden)
		return
	}
	_, _, secret, err := h.Auth.Login(r.Context(), v.Login, r.PostFormValue("password"), clientIP(r), r.UserAgent())
	if err != nil {
		if errs.CodeOf(err) == errs.Internal {
			h.log.Error("login", "error", err.Error())
			v.Error = p.T("error.internal")
		} else {
			v.Error = err.Error()
		}
		h.showLogin(w, r, v, errs.HTTPStatus(errs.CodeOf(err)))
		return
	}
	http.SetCookie(w, h.cookie(r, sessionCookie, secret, 0))
	http.SetCookie(w, h.cookie(r, loginCSRFCookie, "", -1))
	target := v.Next
	if target == "" {
		target = "/"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

func (h *Handler) handleLogout(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := h.Auth.Logout(r.Context(), p.secret); err != nil {
		return err
	}
	http.SetCookie(w, h.cookie(r, sessionCookie, "", -1))
	h.redirect(w, r, "/login")
	return nil
}

// cookie builds our cookies: HttpOnly, SameSite=Lax, Secure on HTTPS.
// maxAge 0 makes a browser-session cookie (the server expires the session);
// negative deletes it.
func (h *Handler) cookie(r *http.Request, name, value string, maxAge time.Duration) *http.Cookie {
	c := &http.Cookie{
		Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: h.opts.SecureCookies || r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https",
	}
	switch {
	case maxAge < 0:
		c.MaxAge = -1
	case maxAge > 0:
		c.MaxAge = int(maxAge.Seconds())
	}
	return c
}

// safeNext keeps post-login redirects on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}
