package api

import (
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// ruleSetJSON is one version of an account's rules; the active set also
// shows the canary on trial, if one runs.
type ruleSetJSON struct {
	Version   int64            `json:"version"` // 0: the account has no rules yet
	Active    bool             `json:"active"`
	Note      string           `json:"note,omitempty"`
	Author    string           `json:"author,omitempty"`
	CreatedAt string           `json:"created_at,omitempty"`
	Rules     []autoreply.Rule `json:"rules"`
	Canary    *canaryJSON      `json:"canary,omitempty"`
}

// canaryJSON is a version on trial for test followers or a share of all.
type canaryJSON struct {
	Version       int64    `json:"version"`
	Percent       int      `json:"percent"`
	OpenIDs       []string `json:"openids"`
	Author        string   `json:"author,omitempty"`
	StartedAt     string   `json:"started_at"`
	ActiveReplies int64    `json:"active_replies"`
	CanaryReplies int64    `json:"canary_replies"`
}

func toRuleSetJSON(rs *autoreply.RuleSet, active bool) ruleSetJSON {
	out := ruleSetJSON{Version: rs.Version, Active: active, Note: rs.Note, Author: rs.Author,
		CreatedAt: stamp(rs.CreatedAt), Rules: rs.Rules}
	if out.Rules == nil {
		out.Rules = []autoreply.Rule{}
	}
	return out
}

func toCanaryJSON(c *autoreply.Canary) *canaryJSON {
	out := &canaryJSON{Version: c.Version, Percent: c.Percent, OpenIDs: c.OpenIDs, Author: c.Author, StartedAt: stamp(c.StartedAt)}
	if out.OpenIDs == nil {
		out.OpenIDs = []string{}
	}
	return out
}

// versionJSON summarises one stored version.
type versionJSON struct {
	Version   int64  `json:"version"`
	Rules     int    `json:"rules"`
	Note      string `json:"note,omitempty"`
	Author    string `json:"author,omitempty"`
	Active    bool   `json:"active"`
	Canary    bool   `json:"canary"`
	CreatedAt string `json:"created_at"`
}

// handleRulesGet shows the active rule set and the canary on trial.
func (a *API) handleRulesGet(w http.ResponseWriter, r *http.Request, c *call) error {
	rs, err := a.Rules.RuleSet(r.Context(), c.Account.ID, 0)
	if err != nil {
		return err
	}
	out := toRuleSetJSON(rs, true)
	st, err := a.Rules.CanaryStatus(r.Context(), c.Account.ID)
	switch {
	case err == nil:
		out.Canary = toCanaryJSON(&st.Canary)
		out.Canary.ActiveReplies, out.Canary.CanaryReplies = st.ActiveReplies, st.CanaryReplies
	case !errs.Is(err, errs.NotFound):
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// handleRuleVersionList lists the stored versions, newest first.
func (a *API) handleRuleVersionList(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := parsePage(r, 1)
	if err != nil {
		return err
	}
	all, err := a.Rules.Versions(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	var items []versionJSON
	next := ""
	for _, v := range all {
		if p.Cursor != nil && v.Version >= p.Cursor[0] {
			continue
		}
		if len(items) == p.Limit {
			next = encodeCursor(items[len(items)-1].Version)
			break
		}
		items = append(items, versionJSON{v.Version, v.Rules, v.Note, v.Author, v.Active, v.Canary, stamp(v.CreatedAt)})
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

// versionTarget names a rule set version in the audit log, as the web app does.
func versionTarget(v int64) string { return fmt.Sprintf("rules v%d", v) }

// rollbackRequest names the version to make active again.
type rollbackRequest struct {
	Version int64 `json:"version"`
}

// handleRulesRollback makes an earlier version active again for everyone.
func (a *API) handleRulesRollback(w http.ResponseWriter, r *http.Request, c *call) error {
	var req rollbackRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.Version < 1 {
		return errs.Errorf(errs.Invalid, "version must be a stored version number (version 须为已保存的版本号)")
	}
	if err := a.Rules.Rollback(r.Context(), c.Account.ID, req.Version); err != nil {
		return err
	}
	a.audit(r, c, "rules.rollback", versionTarget(req.Version), "via API")
	rs, err := a.Rules.RuleSet(r.Context(), c.Account.ID, req.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toRuleSetJSON(rs, true))
	return nil
}
