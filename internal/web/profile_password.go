package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// handleProfilePassword changes the user's own password. It needs the
// current one, ends every other session, and keeps this browser logged in
// with a fresh session.
func (h *Handler) handleProfilePassword(w http.ResponseWriter, r *http.Request, p *Page) error {
	next := r.PostFormValue("new")
	if err := h.changeOwnPassword(r, p, r.PostFormValue("current"), next, r.PostFormValue("confirm")); err != nil {
		msg, status, ok := formError(p, err)
		if !ok {
			return err
		}
		v := profileView{Name: p.User.Name, Lang: p.User.Lang, PwError: msg}
		return h.showProfile(w, p, v, status)
	}
	_, _, secret, err := h.Auth.Login(r.Context(), p.User.Login, next, clientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	http.SetCookie(w, h.cookie(r, sessionCookie, secret, 0))
	h.redirect(w, r, "/settings/profile?done=password")
	return nil
}

func (h *Handler) changeOwnPassword(r *http.Request, p *Page, current, next, confirm string) error {
	if !user.CheckPassword(p.User, current) {
		return errs.Errorf(errs.Invalid, "%s", p.T("profile.err.current"))
	}
	if next != confirm {
		return errs.Errorf(errs.Invalid, "%s", p.T("profile.err.confirm"))
	}
	svc, err := h.people()
	if err != nil {
		return err
	}
	if err := svc.SetPassword(r.Context(), p.User.ID, next); err != nil {
		return err
	}
	h.auditOn(r, p, 0, "user.passwd", p.User.Login, "own password")
	return nil
}
