package web

import "net/http"

// handleRulesPromote makes the canary's version live for everyone.
func (h *Handler) handleRulesPromote(w http.ResponseWriter, r *http.Request, p *Page) error {
	v, err := h.Rules.PromoteCanary(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	h.audit(r, p, "rules.canary.promote", versionTarget(v), "")
	h.redirect(w, r, p.URL("/rules?done=promoted&v=%d", v))
	return nil
}
