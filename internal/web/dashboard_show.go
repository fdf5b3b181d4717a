package web

import (
	"context"
	"net/http"

	"github.com/fanbase/fanbase/internal/analytics"
)

// dashboardData is one account's dashboard.
type dashboardData struct {
	Range     rangePicker
	D         *analytics.Dashboard
	Totals    analytics.Day // over the period
	Today     analytics.Day
	Peak      int // the busiest hour of day, -1 when none
	Rules     []dashRuleRow
	WaitLevel string // badge class of the longest wait
	WaitNote  string // under the longest wait: the median, or that nobody waits
	Charts    dashboardCharts
}

type dashboardCharts struct {
	Followers, Interactions, Hours, Replies chart
}

// dashRuleRow is one line of "replies by rule".
type dashRuleRow struct {
	ID, Version int64
	Name        string // from the active rule set; "" for a rule not in it
	Gone        bool   // the active rule set no longer has this rule
	Live        bool   // this version is the active one
	N           int64
	Share       int64 // percent of the period's automatic replies
}

// handleDashboardShow shows one account's dashboard over ?days= (7, 30, 90).
func (h *Handler) handleDashboardShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := h.needAnalytics(p); err != nil {
		return err
	}
	days := rangeOf(r)
	d, err := h.Analytics.Dashboard(r.Context(), analytics.Query{AccountIDs: []int64{p.Account.ID}, TopRules: 10,
		Period: analytics.Period{Loc: p.Account.Location(), Days: days, Now: p.Now}})
	if err != nil {
		return err
	}
	data := dashboardData{
		Range: pickerFor(p.URL(""), days), D: d, Totals: d.Totals(), Today: d.Today(), Peak: d.PeakHour(),
		WaitLevel: waitLevel(d.Queue.OldestWait), WaitNote: waitNote(p, d.Queue),
		Charts: dashboardCharts{Followers: followersChart(p, d), Interactions: interactionsChart(p, d),
			Hours: hoursChart(p, d), Replies: repliesChart(p, d)},
	}
	data.Rules = h.ruleRows(r.Context(), p, d)
	p.Title, p.Nav = p.T("dash.title"), "dashboard"
	return h.render(w, r, p, "dashboard_show", data)
}

// ruleRows names the busiest rules from the account's active rule set.
// Names are a nicety: without the rules service they are left empty.
func (h *Handler) ruleRows(ctx context.Context, p *Page, d *analytics.Dashboard) []dashRuleRow {
	names := map[int64]string{}
	var live int64
	if h.Rules != nil {
		if e, err := h.Rules.Engine(ctx, p.Account.ID); err == nil {
			live = e.Version()
			for _, rule := range e.Rules() {
				names[rule.ID] = rule.Name
			}
		} else {
			h.log.Warn("dashboard: load rule names", "account_id", p.Account.ID, "error", err.Error())
		}
	}
	rows := make([]dashRuleRow, 0, len(d.Rules))
	for _, rc := range d.Rules {
		name, known := names[rc.RuleID]
		rows = append(rows, dashRuleRow{ID: rc.RuleID, Version: rc.RuleVersion, Name: name, Gone: live > 0 && !known,
			Live: rc.RuleVersion == live, N: rc.N, Share: percent(rc.N, d.Replies.Auto)})
	}
	return rows
}

// waitNote describes the queue's waits: their median, or that nobody waits.
func waitNote(p *Page, q analytics.Queue) string {
	if q.Waiting == 0 {
		return p.T("dash.note.queue_clear")
	}
	return p.T("dash.note.median_wait", p.Dur(q.MedianWait))
}
