package storetest

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
)

// bulkLoader is the store's loader of large tables (sqlstore.DB.BulkLoad):
// the desk tests seed conversations with it, as no Store method writes
// them in the state these tests need.
type bulkLoader interface {
	BulkLoad(ctx context.Context, table string, columns []string, rows [][]any) error
}

// conv is one conversation row of the desk fixture; zero times are NULL.
type conv struct {
	acct                                 int64
	openID, status                       string
	assignee, closedBy                   int64
	opened, waiting, responded, closedAt time.Time
}

// deskFixture stores conversations of accounts a and b around analyticsNow
// (2024-05-03 04:00 UTC, 12:00 in Shanghai).
func deskFixture(t *testing.T, s Store, a, b int64) {
	t.Helper()
	bl, ok := s.(bulkLoader)
	if !ok {
		t.Fatal("store cannot bulk load conversations")
	}
	var zero time.Time
	convs := []conv{
		{a, "o2", "open", 0, 0, utc(3, 3, 0), utc(3, 3, 0), zero, zero},                 // waits 1h
		{a, "o3", "assigned", 42, 0, utc(3, 1, 0), utc(3, 3, 40), utc(3, 1, 10), zero},  // 10m; waits 20m
		{a, "o4", "assigned", 42, 0, utc(2, 0, 0), zero, utc(2, 0, 2), zero},            // 2m
		{a, "o1", "closed", 42, 42, utc(1, 2, 0), zero, utc(1, 2, 5), utc(1, 3, 0)},     // 5m
		{a, "o2", "closed", 43, 43, utc(1, 15, 0), zero, utc(1, 16, 30), utc(1, 17, 0)}, // 90m, on 05-02 00:30
		{a, "o3", "closed", 42, 42, utc(1, 0, 0).Add(-9 * time.Hour), zero, // answered 04-30
			utc(1, 0, 0).Add(-8*time.Hour - time.Second), utc(1, 16, 0)}, // closed 05-02 00:00
		{b, "ob", "open", 0, 0, utc(3, 2, 0), utc(3, 2, 0), zero, zero}, // waits 2h
	}
	cols := []string{"account_id", "openid", "status", "assignee_id", "closed_by", "opened_at",
		"last_message_at", "waiting_since", "first_response_at", "closed_at"}
	var rows [][]any
	for _, c := range convs {
		rows = append(rows, []any{c.acct, c.openID, c.status, nullID(c.assignee), nullID(c.closedBy),
			c.opened, c.opened, c.waiting, c.responded, c.closedAt})
	}
	if err := bl.BulkLoad(ctx(t), "conversations", cols, rows); err != nil {
		t.Fatalf("BulkLoad conversations: %v", err)
	}
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func testAnalyticsQueue(t *testing.T, s Store) {
	a, b := analyticsFixture(t, s, "Asia/Shanghai")
	deskFixture(t, s, a, b)
	project(t, s) // fold everything in now: a report's own catch-up is time-boxed
	svc := analytics.NewService(s, nil)
	p := analytics.Period{Loc: shanghai, Days: 3, Now: analyticsNow}
	d, err := svc.Dashboard(ctx(t), analytics.Query{AccountIDs: []int64{a}, Period: p})
	if err != nil {
		t.Fatalf("Dashboard: %v", err)
	}
	want := analytics.Queue{Open: 3, Unassigned: 1, Waiting: 2, OldestWait: time.Hour, MedianWait: 20 * time.Minute}
	if d.Queue != want {
		t.Errorf("Queue = %+v, want %+v", d.Queue, want)
	}
	o, err := svc.Overview(ctx(t), []analytics.Scope{{AccountID: a, Loc: shanghai}, {AccountID: b, Loc: time.UTC}}, 3, analyticsNow)
	if err != nil {
		t.Fatalf("Overview: %v", err)
	}
	want = analytics.Queue{Open: 4, Unassigned: 2, Waiting: 3, OldestWait: 2 * time.Hour, MedianWait: time.Hour}
	if o.Combined.Queue != want || o.Cards[1].Queue.OldestWait != 2*time.Hour || o.Cards[0].Queue.Open != 3 {
		t.Errorf("Overview queue = %+v, cards %+v; want combined %+v", o.Combined.Queue, o.Cards, want)
	}
	// Account b's today is 05-03 in UTC; a's is 05-03 in Shanghai.
	if o.Cards[0].Followers != 3 || o.Cards[0].Today.Events != 1 || o.Cards[1].Today.Messages != 0 {
		t.Errorf("cards = %+v", o.Cards)
	}
}

func testAnalyticsAgents(t *testing.T, s Store) {
	a, b := analyticsFixture(t, s, "Asia/Shanghai")
	deskFixture(t, s, a, b)
	project(t, s) // fold everything in now: a report's own catch-up is time-boxed
	svc := analytics.NewService(s, nil)
	p := analytics.Period{Loc: shanghai, Days: 3, Now: analyticsNow}
	r, err := svc.Agents(ctx(t), analytics.AgentQuery{AccountID: a, Period: p, Include: []int64{44}})
	if err != nil {
		t.Fatalf("Agents: %v", err)
	}
	day := func(date string, n int, median, p90 time.Duration, handled, replies int64) analytics.AgentDay {
		return analytics.AgentDay{Date: date, Responses: n, FirstResponseMedian: median, FirstResponseP90: p90,
			Handled: handled, Replies: replies}
	}
	m := time.Minute
	want := []analytics.AgentStats{
		{AgentID: 42, Backlog: 2, Total: day("", 3, 5*m, 10*m, 2, 1), Days: []analytics.AgentDay{
			day("2024-05-01", 1, 5*m, 5*m, 1, 0), day("2024-05-02", 1, 2*m, 2*m, 1, 1), day("2024-05-03", 1, 10*m, 10*m, 0, 0)}},
		{AgentID: 43, Total: day("", 1, 90*m, 90*m, 1, 0), Days: []analytics.AgentDay{
			day("2024-05-01", 0, 0, 0, 0, 0), day("2024-05-02", 1, 90*m, 90*m, 1, 0), day("2024-05-03", 0, 0, 0, 0, 0)}},
		{AgentID: 44, Days: []analytics.AgentDay{
			day("2024-05-01", 0, 0, 0, 0, 0), day("2024-05-02", 0, 0, 0, 0, 0), day("2024-05-03", 0, 0, 0, 0, 0)}},
	}
	if !reflect.DeepEqual(r.Agents, want) {
		t.Errorf("Agents =\n%+v\nwant\n%+v", r.Agents, want)
	}
	only, err := svc.Agents(ctx(t), analytics.AgentQuery{AccountID: a, Period: p, Only: 43, Include: []int64{42, 43}})
	if err != nil || len(only.Agents) != 1 || !reflect.DeepEqual(only.Agents[0], want[1]) {
		t.Errorf("Agents(only 43) = %+v, %v; want %+v", only, err, want[1])
	}
}
