package web

import (
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleCannedUpdate rewrites a canned reply of the account.
func (h *Handler) handleCannedUpdate(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.Errorf(errs.NotFound, "%s", p.T("canned.error.not_found"))
	}
	c := cannedFromForm(r)
	c.ID, c.AccountID = id, p.Account.ID
	if err := h.Canned.Update(r.Context(), c); err != nil {
		return err
	}
	h.audit(r, p, "canned.update", c.Shortcut, c.Title)
	h.redirect(w, r, p.URL("/canned#canned-%d", id))
	return nil
}
