package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/autoreply"
)

// rulesVersionsData lists every stored version.
type rulesVersionsData struct {
	Versions []autoreply.VersionInfo
	Active   int64
	Canary   *canaryView
}

// handleRulesVersions lists the versions with their badges, a one-click
// rollback and a diff between any two.
func (h *Handler) handleRulesVersions(w http.ResponseWriter, r *http.Request, p *Page) error {
	list, err := h.Rules.Versions(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	canary, err := h.loadCanary(r.Context(), p)
	if err != nil {
		return err
	}
	d := rulesVersionsData{Versions: list, Canary: canary}
	for _, v := range list {
		if v.Active {
			d.Active = v.Version
		}
	}
	p.Title, p.Nav = p.T("rules.versions_title"), "rules"
	return h.render(w, r, p, "rules_versions", d)
}
