package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
)

// handleRulesRollback makes an earlier version live for everyone again,
// ending any canary.
func (h *Handler) handleRulesRollback(w http.ResponseWriter, r *http.Request, p *Page) error {
	v, err := optionalInt(r.PostFormValue("version"), "version")
	if err != nil {
		return err
	}
	if v == 0 {
		return errs.Errorf(errs.Invalid, "choose the version to roll back to (请选择要回滚到的版本)")
	}
	if err := h.Rules.Rollback(r.Context(), p.Account.ID, v); err != nil {
		return err
	}
	h.audit(r, p, "rules.rollback", versionTarget(v), "")
	h.redirect(w, r, p.URL("/rules?done=rolledback&v=%d", v))
	return nil
}
