package web

import (
	"net/http"
)

// handleUserDisable stops a user from logging in and ends their sessions.
func (h *Handler) handleUserDisable(w http.ResponseWriter, r *http.Request, p *Page) error {
	return h.setUserDisabled(w, r, p, true)
}

// handleUserEnable lets a disabled user log in again.
func (h *Handler) handleUserEnable(w http.ResponseWriter, r *http.Request, p *Page) error {
	return h.setUserDisabled(w, r, p, false)
}

func (h *Handler) setUserDisabled(w http.ResponseWriter, r *http.Request, p *Page, disabled bool) error {
	u, err := h.manageable(r, p)
	if err == nil {
		u.Disabled = disabled
		err = h.Users.UpdateUser(r.Context(), u)
	}
	if err == nil && disabled {
		err = h.Users.DeleteUserSessions(r.Context(), u.ID)
	}
	if err != nil {
		return h.usersFailed(w, r, p, usersView{}, err)
	}
	action, done := "user.enable", "enabled"
	if disabled {
		action, done = "user.disable", "disabled"
	}
	h.auditOn(r, p, 0, action, u.Login, "")
	h.redirect(w, r, "/settings/users?done="+done)
	return nil
}
