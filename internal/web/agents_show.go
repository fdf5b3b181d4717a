package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/user"
)

// agentsData is the agents' performance page.
type agentsData struct {
	Range  rangePicker
	Team   bool  // the viewer sees everyone (admin and above), else only themself
	PerDay int64 // conversations handled per day, on average
	Total  agentRow
	Agents []agentRow
	Days   []agentDayRow // newest first; days nobody worked left out
	Charts agentsCharts
}

type agentsCharts struct {
	FirstResponse, Handled, Replies, Backlog chart
}

// agentRow is one agent over the period.
type agentRow struct {
	ID      int64
	Name    string
	Total   analytics.AgentDay
	Backlog int64
}

// agentDayRow is one day: each agent's work, in the order of the agents.
type agentDayRow struct {
	Date  string
	Cells []analytics.AgentDay
}

// handleAgentsShow shows first-response times, handled conversations,
// replies and backlog per agent and day. Admins see every agent; others
// only their own numbers.
func (h *Handler) handleAgentsShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := h.needAnalytics(p); err != nil {
		return err
	}
	days := rangeOf(r)
	q := analytics.AgentQuery{AccountID: p.Account.ID,
		Period: analytics.Period{Loc: p.Account.Location(), Days: days, Now: p.Now}}
	team := p.Role.AtLeast(user.Admin)
	if !team {
		q.Only = p.User.ID
	}
	names, agents, err := h.dashAgentNames(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	q.Include = agents
	rep, err := h.Analytics.Agents(r.Context(), q)
	if err != nil {
		return err
	}
	data := agentsView(p, rep, names)
	data.Range, data.Team = pickerFor(p.URL("/agents"), days), team
	data.PerDay = rep.Team.Handled / int64(days)
	p.Title, p.Nav = p.T("agents.title"), "agents"
	return h.render(w, r, p, "agents_show", data)
}

// dashAgentNames maps user ids to names, and lists the account's members who
// may answer conversations (role agent or above).
func (h *Handler) dashAgentNames(ctx context.Context, accountID int64) (map[int64]string, []int64, error) {
	users, err := h.Users.ListUsers(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("list users: %w", err)
	}
	names := make(map[int64]string, len(users))
	for _, u := range users {
		names[u.ID] = u.Name
	}
	members, err := h.Users.Members(ctx, accountID)
	if err != nil {
		return nil, nil, fmt.Errorf("list members of account %d: %w", accountID, err)
	}
	var agents []int64
	for _, m := range members {
		if m.Role.AtLeast(user.Agent) && !slices.Contains(agents, m.UserID) {
			agents = append(agents, m.UserID)
		}
	}
	return names, agents, nil
}

// agentsView turns the report into rows and charts.
func agentsView(p *Page, rep *analytics.AgentReport, names map[int64]string) agentsData {
	data := agentsData{Total: agentRow{Total: rep.Team}}
	for _, a := range rep.Agents {
		name := names[a.AgentID]
		if name == "" {
			name = p.T("agents.unknown", a.AgentID)
		}
		data.Agents = append(data.Agents, agentRow{ID: a.AgentID, Name: name, Total: a.Total, Backlog: a.Backlog})
		data.Total.Backlog += a.Backlog
	}
	data.Days = agentDays(rep)
	data.Charts = agentsCharts{
		FirstResponse: agentSeries(p, rep, data.Agents, "duration", func(d analytics.AgentDay) (float64, bool) {
			return d.FirstResponseMedian.Seconds(), d.Responses > 0
		}),
		Handled: agentSeries(p, rep, data.Agents, "", func(d analytics.AgentDay) (float64, bool) { return float64(d.Handled), true }),
		Replies: agentSeries(p, rep, data.Agents, "", func(d analytics.AgentDay) (float64, bool) { return float64(d.Replies), true }),
		Backlog: backlogChart(p, data.Agents),
	}
	return data
}

// agentDays pivots the report into one row per day, newest first, with a
// cell per agent; days without any work are left out.
func agentDays(rep *analytics.AgentReport) []agentDayRow {
	var rows []agentDayRow
	for i := len(rep.Dates) - 1; i >= 0; i-- {
		row := agentDayRow{Date: rep.Dates[i]}
		busy := false
		for _, a := range rep.Agents {
			d := a.Days[i]
			busy = busy || d.Responses > 0 || d.Handled > 0 || d.Replies > 0
			row.Cells = append(row.Cells, d)
		}
		if busy {
			rows = append(rows, row)
		}
	}
	return rows
}

// agentSeries charts one number per agent and day, one line per agent;
// get's false leaves a gap (no first response that day).
func agentSeries(p *Page, rep *analytics.AgentReport, agents []agentRow, format string,
	get func(analytics.AgentDay) (float64, bool)) chart {
	c := chart{Type: "line", Labels: shortDates(rep.Dates), Format: format, XName: p.T("dash.series.date")}
	for i, a := range rep.Agents {
		values := make([]*float64, len(a.Days))
		for j, d := range a.Days {
			if v, ok := get(d); ok {
				values[j] = &v
			}
		}
		c.Series = append(c.Series, chartSeries{Name: agents[i].Name, Color: agentColors[i%len(agentColors)], Values: values})
	}
	return c
}

// backlogChart: each agent's live conversations now.
func backlogChart(p *Page, agents []agentRow) chart {
	c := chart{Type: "bars", XName: p.T("agents.col.agent"), Series: []chartSeries{{Name: p.T("agents.backlog"), Color: colorAmber}}}
	for _, a := range agents {
		n := float64(a.Backlog)
		c.Labels = append(c.Labels, a.Name)
		c.Series[0].Values = append(c.Series[0].Values, &n)
	}
	return c
}
