package analytics

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// AgentQuery asks for the agents' performance on one account.
type AgentQuery struct {
	AccountID int64
	Period    Period
	// Only limits the report to one agent (an agent sees only their own
	// row); 0 reports on everyone.
	Only int64
	// Include lists agents to report on even without activity (the
	// account's agents); others with activity are reported too.
	Include []int64
}

// AgentReport is the agents' performance, per agent and day.
type AgentReport struct {
	Period Period
	Dates  []string
	Agents []AgentStats // by agent id
	// Team is everyone in the report together over the period: responses,
	// their median and 90th percentile, handled and replies.
	Team AgentDay
}

// AgentStats is one agent's performance over the period and per day.
type AgentStats struct {
	AgentID int64
	Total   AgentDay   // over the whole period (Date empty)
	Days    []AgentDay // aligned with the report's Dates
	Backlog int64      // live conversations assigned to them now
}

// AgentDay is one agent's work on one local day.
type AgentDay struct {
	Date string
	// Responses counts conversations the agent first answered that day;
	// the first-response times (opened → first answer) are their median
	// and 90th percentile (nearest rank).
	Responses           int
	FirstResponseMedian time.Duration
	FirstResponseP90    time.Duration
	Handled             int64 // conversations they closed
	Replies             int64 // replies they sent
}

// Agents reports per agent and day: first-response time, conversations
// handled, replies sent, and each agent's backlog now.
func (s *Service) Agents(ctx context.Context, q AgentQuery) (*AgentReport, error) {
	s.refresh(ctx)
	p := q.Period.normalize()
	ids := []int64{q.AccountID}
	end := (p.Last() + 1).Midnight(p.Loc)
	frs, err := s.store.FirstResponses(ctx, q.AccountID, p.Start(), end)
	if err != nil {
		return nil, fmt.Errorf("analytics: first responses: %w", err)
	}
	closed, err := s.store.ClosedConversations(ctx, q.AccountID, p.Start(), end)
	if err != nil {
		return nil, fmt.Errorf("analytics: closed conversations: %w", err)
	}
	replies, err := s.store.ReplyCounts(ctx, ids, p.First(), p.Last())
	if err != nil {
		return nil, fmt.Errorf("analytics: reply counts: %w", err)
	}
	open, err := s.store.OpenConversations(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("analytics: open conversations: %w", err)
	}
	b := newAgentBuilder(p, q)
	b.addResponses(frs)
	b.addClosed(closed)
	b.addReplies(replies)
	b.addBacklog(open)
	return b.build(), nil
}

// agentBuilder accumulates one report.
type agentBuilder struct {
	p     Period
	only  int64
	stats map[int64]*AgentStats
	waits map[int64][][]time.Duration // per agent, per day
}

func newAgentBuilder(p Period, q AgentQuery) *agentBuilder {
	b := &agentBuilder{p: p, only: q.Only, stats: map[int64]*AgentStats{}, waits: map[int64][][]time.Duration{}}
	for _, id := range q.Include {
		b.agent(id)
	}
	if q.Only != 0 {
		b.agent(q.Only)
	}
	return b
}

// agent returns the agent's stats, or nil for an agent the report leaves out.
func (b *agentBuilder) agent(id int64) *AgentStats {
	if id == 0 || (b.only != 0 && id != b.only) {
		return nil
	}
	if a := b.stats[id]; a != nil {
		return a
	}
	a := &AgentStats{AgentID: id, Days: make([]AgentDay, b.p.Days)}
	for i, date := range b.p.Dates() {
		a.Days[i].Date = date
	}
	b.stats[id] = a
	b.waits[id] = make([][]time.Duration, b.p.Days)
	return a
}

// day returns the agent's day of date d, or nil.
func (b *agentBuilder) day(id int64, d Date) (*AgentDay, int) {
	i := b.p.index(d)
	a := b.agent(id)
	if a == nil || i < 0 {
		return nil, -1
	}
	return &a.Days[i], i
}

func (b *agentBuilder) addResponses(frs []FirstResponse) {
	for _, fr := range frs {
		if day, i := b.day(fr.AgentID, DateOf(fr.RespondedAt, b.p.Loc)); day != nil {
			b.waits[fr.AgentID][i] = append(b.waits[fr.AgentID][i], max(0, fr.RespondedAt.Sub(fr.OpenedAt)))
		}
	}
}

func (b *agentBuilder) addClosed(rows []Closed) {
	for _, c := range rows {
		if day, _ := b.day(c.AgentID, DateOf(c.At, b.p.Loc)); day != nil {
			day.Handled++
		}
	}
}

func (b *agentBuilder) addReplies(rows []ReplyCount) {
	for _, r := range rows {
		if r.RuleID != 0 {
			continue // an automatic reply, whatever else it names
		}
		if day, _ := b.day(r.AgentID, r.Date); day != nil {
			day.Replies += r.N
		}
	}
}

func (b *agentBuilder) addBacklog(open []OpenCount) {
	for _, o := range open {
		if a := b.agent(o.AssigneeID); a != nil {
			a.Backlog += o.Open
		}
	}
}

// build computes the percentiles and totals and orders the agents.
func (b *agentBuilder) build() *AgentReport {
	r := &AgentReport{Period: b.p, Dates: b.p.Dates()}
	var team []time.Duration
	for id, a := range b.stats {
		var all []time.Duration
		for i := range a.Days {
			w := b.waits[id][i]
			all = append(all, w...)
			setResponses(&a.Days[i], w)
			a.Total.Handled += a.Days[i].Handled
			a.Total.Replies += a.Days[i].Replies
		}
		setResponses(&a.Total, all)
		team = append(team, all...)
		r.Team.Handled += a.Total.Handled
		r.Team.Replies += a.Total.Replies
		r.Agents = append(r.Agents, *a)
	}
	setResponses(&r.Team, team)
	slices.SortFunc(r.Agents, func(x, y AgentStats) int { return cmp.Compare(x.AgentID, y.AgentID) })
	return r
}

func setResponses(d *AgentDay, waits []time.Duration) {
	slices.Sort(waits)
	d.Responses = len(waits)
	d.FirstResponseMedian = Percentile(waits, 50)
	d.FirstResponseP90 = Percentile(waits, 90)
}
