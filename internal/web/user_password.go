package web

import (
	"net/http"
)

// handleUserPasswordReset gives a user a new password chosen by an admin,
// ending the user's sessions; the user should change it on their profile.
func (h *Handler) handleUserPasswordReset(w http.ResponseWriter, r *http.Request, p *Page) error {
	u, err := h.manageable(r, p)
	if err == nil {
		var svc people
		if svc, err = h.people(); err == nil {
			err = svc.SetPassword(r.Context(), u.ID, r.PostFormValue("password"))
		}
	}
	if err != nil {
		return h.usersFailed(w, r, p, usersView{}, err)
	}
	h.auditOn(r, p, 0, "user.passwd", u.Login, "")
	h.redirect(w, r, "/settings/users?done=password")
	return nil
}
