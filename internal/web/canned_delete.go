package web

import (
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleCannedDelete removes a canned reply of the account.
func (h *Handler) handleCannedDelete(w http.ResponseWriter, r *http.Request, p *Page) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.Errorf(errs.NotFound, "%s", p.T("canned.error.not_found"))
	}
	c, err := h.Canned.Get(r.Context(), p.Account.ID, id)
	if err != nil {
		return err
	}
	if err := h.Canned.Delete(r.Context(), p.Account.ID, id); err != nil {
		return err
	}
	h.audit(r, p, "canned.delete", c.Shortcut, c.Title)
	h.redirect(w, r, p.URL("/canned"))
	return nil
}
