package web

import (
	"fmt"
	"net/http"
)

// handleConversationClose closes the conversation and goes back to the queue.
func (h *Handler) handleConversationClose(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, err := h.conversationOf(r, p)
	if err != nil {
		return err
	}
	if c, err = h.Desk.Close(r.Context(), p.Account.ID, c.ID, p.User.ID); err != nil {
		return err
	}
	h.audit(r, p, "conversation.close", fmt.Sprint(c.ID), c.OpenID)
	h.redirect(w, r, p.URL("/inbox?tab=%s", tabMine))
	return nil
}
