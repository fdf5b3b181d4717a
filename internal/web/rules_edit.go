package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
)

// rulesEditData is the editor: the YAML of a version, the simple keyword
// rule form, and the save options both share.
type rulesEditData struct {
	YAML         string
	From         int64 // the version the YAML started from
	Problems     []autoreply.FileProblem
	Keyword      keywordForm
	KeywordRules []autoreply.Rule // keyword rules the simple form can change
	FormProblems []string         // what is wrong with the keyword form
	YAMLSave     saveOptions
	FormSave     saveOptions
	Canary       *canaryView
	Library      []content.Article // library articles the keyword form can answer with
	Probe        autoreply.Probe
	ProbeKinds   []string
}

// handleRulesEdit shows the editor, starting from the active version or
// from ?from=N, with the keyword form filled from ?rule=ID.
func (h *Handler) handleRulesEdit(w http.ResponseWriter, r *http.Request, p *Page) error {
	from, err := optionalInt(r.URL.Query().Get("from"), "from")
	if err != nil {
		return err
	}
	base, err := h.Rules.RuleSet(r.Context(), p.Account.ID, from)
	if err != nil {
		return err
	}
	d, err := h.editData(r.Context(), p, base)
	if err != nil {
		return err
	}
	if id, _ := strconv.ParseInt(r.URL.Query().Get("rule"), 10, 64); id > 0 {
		d.Keyword = keywordFormOf(base.Rules, id)
	}
	return h.renderEdit(w, r, p, d, http.StatusOK)
}

// editData fills the editor from base: its YAML and its keyword rules.
func (h *Handler) editData(ctx context.Context, p *Page, base *autoreply.RuleSet) (*rulesEditData, error) {
	text, err := autoreply.Export(&autoreply.RuleSet{Rules: base.Rules}, "yaml")
	if err != nil {
		return nil, err
	}
	canary, err := h.loadCanary(ctx, p)
	if err != nil {
		return nil, err
	}
	d := &rulesEditData{YAML: string(text), From: base.Version, Canary: canary, Keyword: keywordForm{Match: "contains"},
		ProbeKinds: autoreply.ProbeKinds, YAMLSave: saveOptions{Mode: modeActivate}, FormSave: saveOptions{Mode: modeActivate}}
	if d.Library, err = h.libraryArticles(ctx, p.Account.ID); err != nil {
		return nil, err
	}
	for _, r := range base.Rules {
		if r.Trigger == autoreply.TriggerKeyword {
			d.KeywordRules = append(d.KeywordRules, r)
		}
	}
	return d, nil
}

// renderEdit renders the editor with a status: 422 when it shows problems.
func (h *Handler) renderEdit(w http.ResponseWriter, r *http.Request, p *Page, d *rulesEditData, status int) error {
	p.Title, p.Nav = p.T("rules.edit_title"), "rules"
	return h.execute(w, p, "rules_edit", "layout.html", d, status)
}

// optionalInt reads a non-negative number from a query or form value; ""
// is 0.
func optionalInt(s, name string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v < 0 {
		return 0, errs.Errorf(errs.Invalid, "%s must be a version number, got %q (%s 应为版本号)", name, s, name)
	}
	return v, nil
}
