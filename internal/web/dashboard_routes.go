package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// routesDashboard registers the analytics pages: one account's dashboard
// and its agents' performance. The home page across accounts is "GET /" in
// routes(). Without the analytics service the pages say so.
func (h *Handler) routesDashboard(rt *router) {
	rt.page("GET /a/{appid}", user.Viewer, h.handleDashboardShow)
	rt.page("GET /a/{appid}/{$}", user.Viewer, h.handleDashboardShow)
	rt.page("GET /a/{appid}/agents", user.Agent, h.handleAgentsShow)
}

// dashboardRanges are the periods the range picker offers, in days.
var dashboardRanges = []int{7, 30, 90}

// defaultRange is the period a dashboard opens with.
const defaultRange = 30

// rangeOf reads ?days=, falling back to the default for anything not offered.
func rangeOf(r *http.Request) int {
	days, err := strconv.Atoi(r.URL.Query().Get("days"))
	for _, d := range dashboardRanges {
		if err == nil && d == days {
			return d
		}
	}
	return defaultRange
}

// rangePicker is the 7/30/90-day switch of a dashboard.
type rangePicker struct {
	Days    int
	Choices []rangeChoice
}

type rangeChoice struct {
	Days   int
	URL    string
	Active bool
}

// pickerFor links each range to path?days=N.
func pickerFor(path string, days int) rangePicker {
	rp := rangePicker{Days: days}
	for _, d := range dashboardRanges {
		rp.Choices = append(rp.Choices, rangeChoice{Days: d, URL: path + "?days=" + strconv.Itoa(d), Active: d == days})
	}
	return rp
}

// needAnalytics refuses pages of a deployment without the analytics service.
func (h *Handler) needAnalytics(p *Page) error {
	if h.Analytics == nil {
		return errs.Errorf(errs.Unavailable, "%s", p.T("dash.unavailable"))
	}
	return nil
}

// waitLevel grades a waiting time for its badge: ok under 5 minutes, warn
// under 30, err beyond.
func waitLevel(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d < 5*time.Minute:
		return "ok"
	case d < 30*time.Minute:
		return "warn"
	}
	return "err"
}
