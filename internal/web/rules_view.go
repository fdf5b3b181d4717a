package web

import (
	"context"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// ruleRow is one rule as the rules table shows it.
type ruleRow struct {
	ID       int64
	Name     string
	Trigger  string
	Keywords []string // "text (mode)"
	Keys     []string
	Reply    string // preview of the first reply
	More     int    // further replies
	Priority int
	Hours    string // "" = always
	Handoff  bool
	Disabled bool
	Editable bool // a keyword rule the simple form can edit
}

// ruleRows lists rules in the order of the set, ready for the table.
func ruleRows(p *Page, rules []autoreply.Rule) []ruleRow {
	rows := make([]ruleRow, len(rules))
	for i, r := range rules {
		row := ruleRow{ID: r.ID, Name: r.Name, Trigger: string(r.Trigger), Keys: r.Keys, Priority: r.Priority,
			Hours: hoursText(p, r.Hours), Handoff: r.Handoff, Disabled: r.Disabled, Editable: r.Trigger == autoreply.TriggerKeyword}
		for _, k := range r.Keywords {
			row.Keywords = append(row.Keywords, keywordText(p, k))
		}
		if len(r.Replies) > 0 {
			row.Reply, row.More = autoreply.ReplySummary(r.Replies[0]), len(r.Replies)-1
		}
		rows[i] = row
	}
	return rows
}

// keywordText shows a keyword with its match mode in the page's language.
func keywordText(p *Page, k autoreply.Keyword) string {
	mode := k.Match
	if mode == "" {
		mode = autoreply.MatchContains
	}
	return k.Text + " · " + p.T("rules.match."+string(mode))
}

// hoursText shows office hours in the page's language: "周一、周二 09:00–18:00".
func hoursText(p *Page, h *autoreply.Hours) string {
	if h == nil {
		return ""
	}
	s := h.From + "–" + h.To
	if len(h.Days) > 0 {
		days := make([]string, len(h.Days))
		for i, d := range h.Days {
			days[i] = p.T("rules.day." + strconv.Itoa(d))
		}
		s = strings.Join(days, p.T("rules.list_sep")) + " " + s
	}
	if h.Outside {
		return p.T("rules.hours.outside", s)
	}
	return s
}

// canaryView is the account's canary as the pages show it.
type canaryView struct {
	Status                  *autoreply.CanaryStatus // nil: no canary runs
	Added, Removed, Changed int                     // what it changes against the active version
}

// loadCanary returns the account's canary; Status is nil when none runs.
func (h *Handler) loadCanary(ctx context.Context, p *Page) (*canaryView, error) {
	st, err := h.Rules.CanaryStatus(ctx, p.Account.ID)
	if errs.Is(err, errs.NotFound) {
		return &canaryView{}, nil
	}
	if err != nil {
		return nil, err
	}
	v := &canaryView{Status: st}
	from, err := h.Rules.RuleSet(ctx, p.Account.ID, st.ActiveVersion)
	if err != nil {
		return nil, err
	}
	to, err := h.Rules.RuleSet(ctx, p.Account.ID, st.Version)
	if err != nil {
		return nil, err
	}
	d, err := autoreply.DiffVersions(from, to)
	if err != nil {
		return nil, err
	}
	v.Added, v.Removed, v.Changed = d.Added, d.Removed, d.Changed
	return v, nil
}
