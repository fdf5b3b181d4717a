package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/autoreply"
)

// rulesListData is the rules page: the active version's rules and the canary.
type rulesListData struct {
	Active *autoreply.RuleSet
	Rows   []ruleRow
	Canary *canaryView
	Done   string // the change just made, from the redirect: "saved", "canary", …
	DoneV  string // the version it concerned
}

// handleRulesList shows the active rules in a table and the canary status.
func (h *Handler) handleRulesList(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title, p.Nav = p.T("rules.title"), "rules"
	active, err := h.Rules.RuleSet(r.Context(), p.Account.ID, 0)
	if err != nil {
		return err
	}
	canary, err := h.loadCanary(r.Context(), p)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	d := rulesListData{Active: active, Rows: ruleRows(p, active.Rules), Canary: canary, Done: doneKey(q.Get("done")), DoneV: q.Get("v")}
	return h.render(w, r, p, "rules_list", d)
}

// doneKey keeps only the confirmations the rules pages know.
func doneKey(s string) string {
	switch s {
	case "saved", "canary", "promoted", "stopped", "rolledback":
		return s
	}
	return ""
}
