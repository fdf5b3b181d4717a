package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// Save modes: make the new version live for everyone, or try it first.
const (
	modeActivate = "activate"
	modeCanary   = "canary"
)

// saveOptions is how a new version goes live, from the editor's forms.
type saveOptions struct {
	Mode    string
	Percent int
	OpenIDs string
	Note    string
}

func parseSaveOptions(r *http.Request) (saveOptions, error) {
	o := saveOptions{Mode: r.PostFormValue("mode"), OpenIDs: r.PostFormValue("openids"), Note: strings.TrimSpace(r.PostFormValue("note"))}
	if o.Mode != modeCanary {
		o.Mode = modeActivate
	}
	if s := strings.TrimSpace(r.PostFormValue("percent")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return o, errs.Errorf(errs.Invalid, "percent must be a whole number 0 to 100 (灰度比例应为 0 到 100 的整数)")
		}
		o.Percent = n
	}
	return o, nil
}

// handleRulesSave stores the YAML editor's text as a new version, live for
// everyone or as the canary; problems send the editor back with every
// problem on its line.
func (h *Handler) handleRulesSave(w http.ResponseWriter, r *http.Request, p *Page) error {
	text := r.PostFormValue("yaml")
	opts, optErr := parseSaveOptions(r)
	rs, problems := autoreply.CheckRuleYAML([]byte(text))
	if optErr != nil {
		problems = append(problems, autoreply.FileProblem{Message: optErr.Error()})
	}
	if len(problems) == 0 {
		if rs.Note == "" || opts.Note != "" {
			rs.Note = opts.Note
		}
		done, version, err := h.storeRules(r, p, rs, opts)
		if err == nil {
			h.redirect(w, r, p.URL("/rules?done=%s&v=%d", done, version))
			return nil
		}
		if problems = saveProblems(err); problems == nil {
			return err
		}
	}
	base, err := h.Rules.RuleSet(r.Context(), p.Account.ID, 0)
	if err != nil {
		return err
	}
	d, err := h.editData(r.Context(), p, base)
	if err != nil {
		return err
	}
	d.YAML, d.Problems, d.YAMLSave = text, problems, opts
	return h.renderEdit(w, r, p, d, http.StatusUnprocessableEntity)
}

// saveProblems turns a refused save into problems to show, or nil for an
// error that is not the operator's to fix.
func saveProblems(err error) []autoreply.FileProblem {
	var ve *autoreply.ValidationError
	if errors.As(err, &ve) {
		out := make([]autoreply.FileProblem, len(ve.Problems))
		for i, pr := range ve.Problems {
			out[i] = autoreply.FileProblem{Message: pr.String()}
		}
		return out
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		return []autoreply.FileProblem{{Message: err.Error()}}
	}
	return nil
}

// storeRules saves rs as the next version, live or as the canary, and
// writes the audit log. It returns the confirmation key and the version.
func (h *Handler) storeRules(r *http.Request, p *Page, rs *autoreply.RuleSet, o saveOptions) (string, int64, error) {
	rs.AccountID, rs.Author = p.Account.ID, p.User.Name
	if o.Mode == modeCanary {
		c := autoreply.Canary{Percent: o.Percent, OpenIDs: autoreply.ParseOpenIDs(o.OpenIDs), Author: p.User.Name}
		saved, canary, err := h.Rules.SaveCanary(r.Context(), rs, c)
		if err != nil {
			return "", 0, err
		}
		h.audit(r, p, "rules.canary.start", versionTarget(saved.Version), canaryDetail(canary, saved.Note))
		return "canary", saved.Version, nil
	}
	saved, err := h.Rules.Save(r.Context(), rs)
	if err != nil {
		return "", 0, err
	}
	h.audit(r, p, "rules.save", versionTarget(saved.Version), fmt.Sprintf("rules=%d note=%q", len(saved.Rules), saved.Note))
	return "saved", saved.Version, nil
}

func versionTarget(v int64) string { return fmt.Sprintf("rules v%d", v) }

func canaryDetail(c *autoreply.Canary, note string) string {
	return fmt.Sprintf("percent=%d test_followers=%s note=%q", c.Percent, strings.Join(c.OpenIDs, ","), note)
}
