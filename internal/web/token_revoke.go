package web

import (
	"fmt"
	"net/http"
)

// handleTokenRevoke revokes one of the logged-in user's own tokens; the
// store refuses anyone else's as not found.
func (h *Handler) handleTokenRevoke(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.Users.RevokeAPIToken(r.Context(), p.User.ID, id); err != nil {
		return err
	}
	h.auditOn(r, p, 0, "token.revoke", p.User.Login, fmt.Sprintf("token %d", id))
	h.redirect(w, r, "/settings/tokens?done=revoked")
	return nil
}
