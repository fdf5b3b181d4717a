package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/inbox"
)

// handlePresenceSet switches the agent online or away on this account and
// answers the toggle (an htmx swap).
func (h *Handler) handlePresenceSet(w http.ResponseWriter, r *http.Request, p *Page) error {
	status := inbox.PresenceStatus(r.PostFormValue("status"))
	if err := h.Desk.SetPresence(r.Context(), p.User.ID, p.Account.ID, status); err != nil {
		return err
	}
	h.audit(r, p, "presence.set", string(status), "")
	v, err := h.presenceOf(r, p)
	if err != nil {
		return err
	}
	if r.Header.Get("HX-Request") == "" {
		h.redirect(w, r, p.URL("/inbox"))
		return nil
	}
	return h.partial(w, r, p, "inbox_queue", "inbox_presence", v)
}
