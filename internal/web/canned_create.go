package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/inbox/canned"
)

// handleCannedCreate adds a canned reply to the account.
func (h *Handler) handleCannedCreate(w http.ResponseWriter, r *http.Request, p *Page) error {
	c := cannedFromForm(r)
	c.AccountID, c.CreatedBy = p.Account.ID, p.User.ID
	if err := h.Canned.Create(r.Context(), c); err != nil {
		return err
	}
	h.audit(r, p, "canned.create", c.Shortcut, c.Title)
	h.redirect(w, r, p.URL("/canned"))
	return nil
}

// cannedFromForm reads the fields every canned reply form posts.
func cannedFromForm(r *http.Request) *canned.Reply {
	return &canned.Reply{Shortcut: r.PostFormValue("shortcut"), Title: r.PostFormValue("title"),
		Content: r.PostFormValue("content")}
}
