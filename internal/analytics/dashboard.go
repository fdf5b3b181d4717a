package analytics

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"
)

// Service builds the dashboards from a Store.
type Service struct {
	store  Store
	proj   *Projector
	logger *slog.Logger
}

// NewService returns a Service over store; a nil logger discards logs.
// Before each report it folds in what the background projector has not
// yet (a bounded amount), so a page shows what was just stored.
func NewService(store Store, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, proj: NewProjector(store, logger), logger: logger}
}

// Query asks for a dashboard of some accounts over a period.
type Query struct {
	AccountIDs []int64
	Period     Period // Loc: the account's zone; Asia/Shanghai across accounts
	TopRules   int    // how many rules to list; default 10
}

// Dashboard is everything the dashboard pages chart.
type Dashboard struct {
	Period Period
	Dates  []string
	Days   []Day     // one per date, in order
	Hours  [24]int64 // interactions per local hour of day, over the period
	// Rules are the rule versions that sent the most replies, most first;
	// OtherRules counts the replies of the rest.
	Rules      []RuleCount
	OtherRules int64
	Replies    ReplyMix // over the period
	Followers  int64    // following now
	Queue      Queue    // now
}

// Day is one local day of a dashboard.
type Day struct {
	Date string
	// Followers: subscribe and unsubscribe events of the day, their
	// difference, and how many followed at the end of the day.
	New, Unfollowed, Net, Total int64
	Messages, Events            int64 // see MetricMessage, MetricEvent
	AutoReplies, AgentReplies   int64
	OtherReplies                int64 // broadcasts, campaigns, API
}

// Interactions is what followers did that day: messages plus events they
// triggered (not follows and unfollows, not WeChat's notices).
func (d Day) Interactions() int64 { return d.Messages + d.Events }

// RuleCount is how many replies one rule version sent.
type RuleCount struct {
	RuleID, RuleVersion, N int64
}

// ReplyMix splits replies by what sent them.
type ReplyMix struct {
	Auto  int64 // a rule
	Agent int64 // an agent
	Other int64 // a broadcast, a campaign, the API
}

// Total is every reply.
func (m ReplyMix) Total() int64 { return m.Auto + m.Agent + m.Other }

// Dashboard reports on the query's accounts.
func (s *Service) Dashboard(ctx context.Context, q Query) (*Dashboard, error) {
	s.refresh(ctx)
	q.Period = q.Period.normalize()
	l, err := s.load(ctx, q.AccountIDs, q.Period.First(), q.Period.Last(), true)
	if err != nil {
		return nil, err
	}
	return l.dashboard(q.Period, q.TopRules, nil), nil
}

// refresh folds in what the projector has not counted yet, within a row
// and a time budget. Failing only leaves the numbers a little stale, so it
// just logs; running out of time does not even do that.
func (s *Service) refresh(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, refreshTimeout)
	defer cancel()
	err := s.proj.Refresh(ctx, refreshBudget)
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		s.logger.Warn("analytics: refresh rollups", "error", err.Error())
	}
}

// loaded is what a report reads from the store, for one or more accounts.
type loaded struct {
	days       []DayCount
	hours      [24]int64
	replies    []ReplyCount
	subscribed map[int64]int64
	open       []OpenCount
	waiting    []Waiting
}

// load reads what a report needs about the accounts, dates [from, to];
// the hours only when asked.
func (s *Service) load(ctx context.Context, ids []int64, from, to Date, hours bool) (*loaded, error) {
	var l loaded
	var err error
	if l.days, err = s.store.DayCounts(ctx, ids, from, to); err != nil {
		return nil, fmt.Errorf("analytics: day counts: %w", err)
	}
	if hours {
		if l.hours, err = s.store.InteractionHours(ctx, ids, from, to); err != nil {
			return nil, fmt.Errorf("analytics: hours: %w", err)
		}
	}
	if l.replies, err = s.store.ReplyCounts(ctx, ids, from, to); err != nil {
		return nil, fmt.Errorf("analytics: reply counts: %w", err)
	}
	if l.subscribed, err = s.store.SubscribedCounts(ctx, ids); err != nil {
		return nil, fmt.Errorf("analytics: followers: %w", err)
	}
	if l.open, err = s.store.OpenConversations(ctx, ids); err != nil {
		return nil, fmt.Errorf("analytics: open conversations: %w", err)
	}
	if l.waiting, err = s.store.WaitingSince(ctx, ids); err != nil {
		return nil, fmt.Errorf("analytics: waiting conversations: %w", err)
	}
	return &l, nil
}

// dashboard folds the loaded rows of the accounts keep accepts (nil: all)
// into a dashboard over p.
func (l *loaded) dashboard(p Period, topRules int, keep func(int64) bool) *Dashboard {
	if keep == nil {
		keep = func(int64) bool { return true }
	}
	d := &Dashboard{Period: p, Dates: p.Dates()}
	d.Days = make([]Day, p.Days)
	for i, date := range d.Dates {
		d.Days[i].Date = date
	}
	d.foldDays(l.days, keep)
	d.Hours = l.hours
	rules := d.foldReplies(l.replies, keep)
	d.Rules, d.OtherRules = topN(rules, cmp.Or(topRules, 10))
	for id, n := range l.subscribed {
		if keep(id) {
			d.Followers += n
		}
	}
	d.foldTotals()
	d.Queue = queueOf(l.open, l.waiting, p.Now, keep)
	return d
}

func (d *Dashboard) foldDays(rows []DayCount, keep func(int64) bool) {
	for _, r := range rows {
		i := d.Period.index(r.Date)
		if i < 0 || !keep(r.AccountID) {
			continue
		}
		day := &d.Days[i]
		switch r.Metric {
		case MetricSubscribe:
			day.New += r.N
		case MetricUnsubscribe:
			day.Unfollowed += r.N
		case MetricMessage:
			day.Messages += r.N
		case MetricEvent:
			day.Events += r.N
		}
	}
}

// foldReplies counts replies per day and source and returns the period's
// totals per rule version.
func (d *Dashboard) foldReplies(rows []ReplyCount, keep func(int64) bool) map[[2]int64]int64 {
	rules := map[[2]int64]int64{}
	for _, r := range rows {
		i := d.Period.index(r.Date)
		if i < 0 || !keep(r.AccountID) {
			continue
		}
		day := &d.Days[i]
		switch {
		case r.RuleID != 0:
			day.AutoReplies += r.N
			d.Replies.Auto += r.N
			rules[[2]int64{r.RuleID, r.RuleVersion}] += r.N
		case r.AgentID != 0:
			day.AgentReplies += r.N
			d.Replies.Agent += r.N
		default:
			day.OtherReplies += r.N
			d.Replies.Other += r.N
		}
	}
	return rules
}

// foldTotals sets each day's net and, walking back from the number
// following now, how many followed at the end of each day.
func (d *Dashboard) foldTotals() {
	total := d.Followers
	for i := len(d.Days) - 1; i >= 0; i-- {
		day := &d.Days[i]
		day.Net = day.New - day.Unfollowed
		day.Total = total
		total -= day.Net
	}
}

// topN returns the n rule versions with the most replies (ties: lower rule
// id, then newer version first) and the sum of the rest.
func topN(rules map[[2]int64]int64, n int) ([]RuleCount, int64) {
	out := make([]RuleCount, 0, len(rules))
	for k, c := range rules {
		out = append(out, RuleCount{RuleID: k[0], RuleVersion: k[1], N: c})
	}
	slices.SortFunc(out, func(a, b RuleCount) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.RuleID, b.RuleID), cmp.Compare(b.RuleVersion, a.RuleVersion))
	})
	var rest int64
	if len(out) > n {
		for _, r := range out[n:] {
			rest += r.N
		}
		out = out[:n]
	}
	return out, rest
}

// Today is the last day of the dashboard: the one in progress.
func (d *Dashboard) Today() Day { return d.Days[len(d.Days)-1] }

// Totals sums the days of the dashboard (Total: the last day's).
func (d *Dashboard) Totals() Day {
	var t Day
	for _, day := range d.Days {
		t.New += day.New
		t.Unfollowed += day.Unfollowed
		t.Net += day.Net
		t.Messages += day.Messages
		t.Events += day.Events
		t.AutoReplies += day.AutoReplies
		t.AgentReplies += day.AgentReplies
		t.OtherReplies += day.OtherReplies
	}
	t.Total = d.Followers
	return t
}

// PeakHour is the hour of day with the most interactions (-1 when none).
func (d *Dashboard) PeakHour() int {
	best := -1
	for h, n := range d.Hours {
		if n > 0 && (best < 0 || n > d.Hours[best]) {
			best = h
		}
	}
	return best
}

// A report folds in at most this many rows, for at most this long, before
// it reads: enough to show what was just stored, little enough that a page
// never waits on a backlog (the background projector works that off).
const (
	refreshBudget  = 20000
	refreshTimeout = 300 * time.Millisecond
)
