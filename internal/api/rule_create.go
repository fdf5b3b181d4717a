package api

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// handleRulesCreate stores a new version from a YAML or JSON rule file
// (what `fanbase rules export` writes). By default it goes live for
// everyone; ?activate=false starts it as a canary instead, for the test
// followers in ?canary_openids= and/or ?canary_percent= of all followers.
// ?note= describes the change when the file has no note.
func (a *API) handleRulesCreate(w http.ResponseWriter, r *http.Request, c *call) error {
	activate, canary, err := rolloutParams(r)
	if err != nil {
		return err
	}
	rs, err := readRuleFile(r)
	if err != nil {
		return err
	}
	rs.AccountID, rs.Author = c.Account.ID, c.User.Name
	if note := r.URL.Query().Get("note"); note != "" {
		rs.Note = note
	}
	if activate {
		return a.saveActive(w, r, c, rs)
	}
	canary.Author = c.User.Name
	saved, started, err := a.Rules.SaveCanary(r.Context(), rs, canary)
	if err != nil {
		return err
	}
	a.audit(r, c, "rules.canary.start", versionTarget(saved.Version), fmt.Sprintf("rules=%d percent=%d test_followers=%s note=%q via API",
		len(saved.Rules), started.Percent, strings.Join(started.OpenIDs, ","), saved.Note))
	out := toRuleSetJSON(saved, false)
	out.Canary = toCanaryJSON(started)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (a *API) saveActive(w http.ResponseWriter, r *http.Request, c *call, rs *autoreply.RuleSet) error {
	saved, err := a.Rules.Save(r.Context(), rs)
	if err != nil {
		return err
	}
	a.audit(r, c, "rules.save", versionTarget(saved.Version), fmt.Sprintf("rules=%d note=%q via API", len(saved.Rules), saved.Note))
	writeJSON(w, http.StatusCreated, toRuleSetJSON(saved, true))
	return nil
}

// rolloutParams reads ?activate= (default true) and, for a canary, its split.
func rolloutParams(r *http.Request) (bool, autoreply.Canary, error) {
	q := r.URL.Query()
	var c autoreply.Canary
	activate := true
	if s := q.Get("activate"); s != "" {
		on, err := strconv.ParseBool(s)
		if err != nil {
			return false, c, errs.Errorf(errs.Invalid, "activate must be true or false (activate 须为 true 或 false)")
		}
		activate = on
	}
	if s := q.Get("canary_percent"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return false, c, errs.Errorf(errs.Invalid, "canary_percent must be a whole number from 0 to 100 (canary_percent 须为 0–100 的整数)")
		}
		c.Percent = n
	}
	c.OpenIDs = autoreply.ParseOpenIDs(q.Get("canary_openids"))
	if activate && (c.Percent != 0 || len(c.OpenIDs) > 0) {
		return false, c, errs.Errorf(errs.Invalid,
			"canary_percent and canary_openids need activate=false (灰度参数须与 activate=false 一起使用)")
	}
	return activate, c, nil
}

// readRuleFile parses the request body as a rule file; the Content-Type
// picks the format (JSON or YAML), else it is detected.
func readRuleFile(r *http.Request) (*autoreply.RuleSet, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, autoreply.MaxRuleFile+1))
	if err != nil {
		return nil, fmt.Errorf("read rule file: %w", err)
	}
	format := ""
	switch ct := strings.ToLower(r.Header.Get("Content-Type")); {
	case strings.Contains(ct, "json"):
		format = "json"
	case strings.Contains(ct, "yaml"):
		format = "yaml"
	}
	return autoreply.ParseRuleFile(body, format)
}
