package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// handleRulesCanary starts a stored version as the canary for a share of
// followers and test followers, replacing any running canary.
func (h *Handler) handleRulesCanary(w http.ResponseWriter, r *http.Request, p *Page) error {
	v, err := optionalInt(r.PostFormValue("version"), "version")
	if err != nil {
		return err
	}
	if v == 0 {
		return errs.Errorf(errs.Invalid, "choose the version to try (请选择要灰度的版本)")
	}
	o, err := parseSaveOptions(r)
	if err != nil {
		return err
	}
	c, err := h.Rules.StartCanary(r.Context(), autoreply.Canary{AccountID: p.Account.ID, Version: v,
		Percent: o.Percent, OpenIDs: autoreply.ParseOpenIDs(o.OpenIDs), Author: p.User.Name})
	if err != nil {
		return err
	}
	h.audit(r, p, "rules.canary.start", versionTarget(v), canaryDetail(c, ""))
	h.redirect(w, r, p.URL("/rules?done=canary&v=%d", v))
	return nil
}
