package web

import "net/http"

// handleRulesCanaryStop ends the canary: everyone gets the active version.
func (h *Handler) handleRulesCanaryStop(w http.ResponseWriter, r *http.Request, p *Page) error {
	c, err := h.Rules.CanaryStatus(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	if err := h.Rules.StopCanary(r.Context(), p.Account.ID); err != nil {
		return err
	}
	h.audit(r, p, "rules.canary.stop", versionTarget(c.Version), "")
	h.redirect(w, r, p.URL("/rules?done=stopped&v=%d", c.Version))
	return nil
}
