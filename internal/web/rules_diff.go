package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// rulesDiffData is the diff page: the rule changes and the YAML hunks.
type rulesDiffData struct {
	Diff     *autoreply.VersionDiff
	Versions []autoreply.VersionInfo
}

// handleRulesDiff compares ?from= with ?to= (default: the active version,
// and the version before it).
func (h *Handler) handleRulesDiff(w http.ResponseWriter, r *http.Request, p *Page) error {
	q := r.URL.Query()
	from, err := optionalInt(q.Get("from"), "from")
	if err != nil {
		return err
	}
	to, err := optionalInt(q.Get("to"), "to")
	if err != nil {
		return err
	}
	b, err := h.Rules.RuleSet(r.Context(), p.Account.ID, to)
	if err != nil {
		return err
	}
	list, err := h.Rules.Versions(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	if from == 0 {
		from = previousVersion(list, b.Version)
	}
	if from == 0 {
		return errs.Errorf(errs.Invalid, "choose two versions to compare (请选择要比较的两个版本)")
	}
	a, err := h.Rules.RuleSet(r.Context(), p.Account.ID, from)
	if err != nil {
		return err
	}
	diff, err := autoreply.DiffVersions(a, b)
	if err != nil {
		return err
	}
	p.Title, p.Nav = p.T("rules.diff_title", a.Version, b.Version), "rules"
	return h.render(w, r, p, "rules_diff", rulesDiffData{Diff: diff, Versions: list})
}

// previousVersion is the newest version before v, or else the newest other
// than v (after a rollback); 0 when v is the only one. list is newest first.
func previousVersion(list []autoreply.VersionInfo, v int64) int64 {
	var other int64
	for _, x := range list {
		if x.Version < v {
			return x.Version
		}
		if x.Version != v && other == 0 {
			other = x.Version
		}
	}
	return other
}
