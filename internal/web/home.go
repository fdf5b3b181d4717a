package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
)

// homeData is the home page: every account the user may see, combined,
// and a card for each.
type homeData struct {
	Range  rangePicker
	O      *analytics.Overview
	Totals analytics.Day // combined, over the period
	Cards  []homeCard
	Charts homeCharts
	// QueueNote: how many wait and the longest wait, or that nobody waits.
	QueueNote string
}

type homeCard struct {
	Account   *account.Account
	C         analytics.Card
	WaitLevel string
}

type homeCharts struct {
	Followers, Interactions, Hours chart
}

// handleHome shows the accounts the user may see: combined numbers and
// charts (days of Asia/Shanghai) and one card per account (its own today).
// Without the analytics service it lists the accounts.
func (h *Handler) handleHome(w http.ResponseWriter, r *http.Request, p *Page) error {
	p.Title, p.Nav = p.T("home.title"), "home"
	if h.Analytics == nil || len(p.Accounts) == 0 {
		return h.render(w, r, p, "home", homeData{})
	}
	days := rangeOf(r)
	scopes := make([]analytics.Scope, len(p.Accounts))
	for i, a := range p.Accounts {
		scopes[i] = analytics.Scope{AccountID: a.ID, Loc: a.Location()}
	}
	o, err := h.Analytics.Overview(r.Context(), scopes, days, p.Now)
	if err != nil {
		return err
	}
	data := homeData{Range: pickerFor("/", days), O: o, Totals: o.Combined.Totals(), Charts: homeCharts{
		Followers: followersChart(p, o.Combined), Interactions: interactionsChart(p, o.Combined), Hours: hoursChart(p, o.Combined)}}
	data.QueueNote = p.T("dash.note.queue_clear")
	if q := o.Combined.Queue; q.Waiting > 0 {
		data.QueueNote = p.T("dash.note.waiting", groupDigits(q.Waiting), p.Dur(q.OldestWait))
	}
	for i, c := range o.Cards {
		data.Cards = append(data.Cards, homeCard{Account: p.Accounts[i], C: c, WaitLevel: waitLevel(c.Queue.OldestWait)})
	}
	return h.render(w, r, p, "home", data)
}
