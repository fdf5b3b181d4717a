package web

import (
	"fmt"
	"net/http"
)

// handleConversationClaim gives the conversation to the agent and opens it.
// Someone else's conversation is refused with their name (409).
func (h *Handler) handleConversationClaim(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, err := h.conversationOf(r, p)
	if err != nil {
		return err
	}
	if c, err = h.Desk.Claim(r.Context(), p.Account.ID, c.ID, p.User.ID); err != nil {
		return err
	}
	h.audit(r, p, "conversation.claim", fmt.Sprint(c.ID), c.OpenID)
	h.redirect(w, r, p.URL("/inbox/%d", c.ID))
	return nil
}
