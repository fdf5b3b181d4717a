package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleConversationTransfer gives the conversation to another agent of the
// account (form field "to"), or back to the queue when "to" is 0.
func (h *Handler) handleConversationTransfer(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, err := h.conversationOf(r, p)
	if err != nil {
		return err
	}
	to, err := strconv.ParseInt(r.PostFormValue("to"), 10, 64)
	if err != nil || to < 0 {
		return errs.Errorf(errs.Invalid, "%s", p.T("inbox.error.pick_agent"))
	}
	if c, err = h.Desk.Transfer(r.Context(), p.Account.ID, c.ID, to, p.User.ID); err != nil {
		return err
	}
	h.audit(r, p, "conversation.transfer", fmt.Sprint(c.ID), fmt.Sprintf("to user %d", to))
	h.redirect(w, r, p.URL("/inbox/%d", c.ID))
	return nil
}
