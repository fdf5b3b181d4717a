package web

import (
	"fmt"
	"net/http"
)

// handleConversationReopen makes a closed conversation live again, assigned
// to the agent who reopens it.
func (h *Handler) handleConversationReopen(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, err := h.conversationOf(r, p)
	if err != nil {
		return err
	}
	if c, err = h.Desk.Reopen(r.Context(), p.Account.ID, c.ID, p.User.ID); err != nil {
		return err
	}
	h.audit(r, p, "conversation.reopen", fmt.Sprint(c.ID), c.OpenID)
	h.redirect(w, r, p.URL("/inbox/%d", c.ID))
	return nil
}
