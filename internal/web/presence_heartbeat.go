package web

import "net/http"

// handlePresenceHeartbeat keeps the agent online while the inbox is open
// (the page posts it every minute); it answers 204.
func (h *Handler) handlePresenceHeartbeat(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := h.Desk.Heartbeat(r.Context(), p.User.ID, p.Account.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
