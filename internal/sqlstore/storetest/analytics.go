package storetest

import (
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/inbox"
)

// The analytics fixture, in Asia/Shanghai (UTC+8) unless noted. Its pushes
// sit on day boundaries: a dashboard that buckets by UTC day, or by hours
// in a zone with a 45-minute offset, gets different numbers.
var (
	shanghai = mustZone("Asia/Shanghai")
	// analyticsNow is 2024-05-03 12:00 in Shanghai.
	analyticsNow = time.Date(2024, 5, 3, 4, 0, 0, 0, time.UTC)
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func utc(day, hour, minute int) time.Time {
	return time.Date(2024, 5, day, hour, minute, 0, 0, time.UTC)
}

// analyticsFixture stores the pushes and replies the analytics tests count
// and returns the two accounts' ids; account a is in the given time zone.
func analyticsFixture(t *testing.T, s Store, zone string) (a, b int64) {
	t.Helper()
	tag := strings.NewReplacer("/", "_").Replace(zone) // one store may hold several fixtures
	acct := mustAccount(t, s, "wx_a_"+tag)
	acct.TimeZone = zone
	if err := s.UpdateAccount(ctx(t), acct); err != nil {
		t.Fatalf("UpdateAccount: %v", err)
	}
	a, b = acct.ID, mustAccount(t, s, "wx_b_"+tag).ID
	justBefore := func(t time.Time) time.Time { return t.Add(-time.Millisecond) }
	may1 := time.Date(2024, 4, 30, 16, 0, 0, 0, time.UTC)         // 05-01 00:00 in Shanghai
	o3Text := text(a, "o3", 3, "运费多少", justBefore(utc(2, 16, 0))) // 05-02 23:59:59.999
	o3Text.Reply.Source = inbox.Source{RuleID: 8, RuleVersion: 1}
	mustCommit(t, s,
		event(a, "o4", "subscribe", "", utc(1, 0, 0).Add(-72*time.Hour)),
		event(a, "o1", "subscribe", "", justBefore(may1)),           // 04-30 23:59:59.999
		event(a, "o2", "subscribe", "qrscene_x", may1),              // 05-01 00:00
		text(a, "o2", 1, "你好", utc(1, 1, 30)),                       // 05-01 09:30, rule 7 v3
		event(a, "o3", "subscribe", "", utc(1, 10, 0)),              // 05-01 18:00
		event(a, "o3", "CLICK", "menu", justBefore(utc(1, 18, 15))), // 05-02 02:14:59.999
		event(a, "o3", "CLICK", "menu", utc(1, 18, 15)),             // 05-02 02:15
		event(a, "o1", "unsubscribe", "", utc(2, 3, 0)),             // 05-02 11:00
		text(a, "o4", 2, "在吗", utc(2, 0, 0)),                        // 05-02 08:00, rule 7 v3
		event(a, "o2", "MASSSENDJOBFINISH", "", utc(2, 5, 0)),       // not an interaction
		o3Text,
		event(a, "o2", "CLICK", "menu", utc(2, 16, 30)), // 05-03 00:30
		text(a, "o2", 4, "tomorrow", utc(3, 17, 0)),     // 05-04 01:00: in no report
		text(b, "ob", 1, "other account", utc(1, 12, 0)),
	)
	for _, r := range []*inbox.Reply{
		{AccountID: a, OpenID: "o4", Content: "客服", Source: inbox.Source{AgentID: 42}, CreatedAt: utc(2, 2, 0)},
		{AccountID: a, OpenID: "o2", Content: "群发", Source: inbox.Source{BroadcastID: 5}, CreatedAt: utc(2, 4, 0)},
	} {
		r.Body = []byte("{}")
		if err := s.AddReply(ctx(t), r); err != nil {
			t.Fatalf("AddReply: %v", err)
		}
	}
	return a, b
}

// project folds everything in, a few rows per call to cross batches.
func project(t *testing.T, s Store) analytics.Progress {
	t.Helper()
	var total analytics.Progress
	for range 10000 {
		pr, err := s.ProjectAnalytics(ctx(t), 3)
		if err != nil {
			t.Fatalf("ProjectAnalytics: %v", err)
		}
		total.Messages += pr.Messages
		total.Replies += pr.Replies
		if pr.CaughtUp {
			return total
		}
	}
	t.Fatal("ProjectAnalytics never caught up")
	return total
}

func testAnalyticsProjection(t *testing.T, s Store) {
	a, _ := analyticsFixture(t, s, "Asia/Shanghai")
	if pr := project(t, s); pr.Messages != 14 || pr.Replies != 7 {
		t.Fatalf("projected %+v, want 14 messages and 7 replies", pr)
	}
	if behind, err := s.AnalyticsBehind(ctx(t)); err != nil || behind {
		t.Errorf("AnalyticsBehind after catching up = %v, %v", behind, err)
	}
	if pr := project(t, s); pr.Messages != 0 || pr.Replies != 0 {
		t.Errorf("second projection counted %+v again", pr)
	}
	may2 := analytics.DateOf(utc(2, 6, 0), shanghai)
	before := sumDays(t, s, a, may2, analytics.MetricMessage)
	mustCommit(t, s, text(a, "o9", 99, "late", utc(2, 6, 0)))
	if behind, err := s.AnalyticsBehind(ctx(t)); err != nil || !behind {
		t.Errorf("AnalyticsBehind after a new message = %v, %v", behind, err)
	}
	if pr := project(t, s); pr.Messages != 1 || pr.Replies != 1 {
		t.Errorf("projected %+v after one new message, want 1 and 1", pr)
	}
	if after := sumDays(t, s, a, may2, analytics.MetricMessage); after != before+1 || before != 2 {
		t.Errorf("messages on 05-02: %d before, %d after; want 2 and 3", before, after)
	}
}

// sumDays adds up an account's rollups of one date and metric.
func sumDays(t *testing.T, s Store, acct int64, d analytics.Date, m analytics.Metric) int64 {
	t.Helper()
	rows, err := s.DayCounts(ctx(t), []int64{acct}, d, d)
	if err != nil {
		t.Fatalf("DayCounts: %v", err)
	}
	var n int64
	for _, r := range rows {
		if r.Metric == m && r.Date == d && r.AccountID == acct {
			n += r.N
		}
	}
	return n
}

func testAnalyticsDashboard(t *testing.T, s Store) {
	a, _ := analyticsFixture(t, s, "Asia/Shanghai")
	project(t, s)
	svc := analytics.NewService(s, nil)
	d, err := svc.Dashboard(ctx(t), analytics.Query{AccountIDs: []int64{a}, TopRules: 1,
		Period: analytics.Period{Loc: shanghai, Days: 3, Now: analyticsNow}})
	if err != nil {
		t.Fatalf("Dashboard: %v", err)
	}
	want := []analytics.Day{
		{Date: "2024-05-01", New: 2, Net: 2, Total: 4, Messages: 1, AutoReplies: 1},
		{Date: "2024-05-02", Unfollowed: 1, Net: -1, Total: 3, Messages: 2, Events: 2,
			AutoReplies: 2, AgentReplies: 1, OtherReplies: 1},
		{Date: "2024-05-03", Total: 3, Events: 1},
	}
	if !reflect.DeepEqual(d.Days, want) {
		t.Errorf("Days =\n%+v\nwant\n%+v", d.Days, want)
	}
	wantHours := [24]int64{0: 1, 2: 2, 8: 1, 9: 1, 23: 1}
	if d.Hours != wantHours || d.PeakHour() != 2 {
		t.Errorf("Hours = %v (peak %d), want %v (peak 2)", d.Hours, d.PeakHour(), wantHours)
	}
	wantRules := []analytics.RuleCount{{RuleID: 7, RuleVersion: 3, N: 2}}
	if !reflect.DeepEqual(d.Rules, wantRules) || d.OtherRules != 1 || d.Followers != 3 ||
		d.Replies != (analytics.ReplyMix{Auto: 3, Agent: 1, Other: 1}) {
		t.Errorf("Rules %+v (+%d others), followers %d, replies %+v", d.Rules, d.OtherRules, d.Followers, d.Replies)
	}
}

// testAnalyticsZones files the same pushes for accounts in other zones.
func testAnalyticsZones(t *testing.T, s Store) {
	days := func(t *testing.T, zone string, n int, now time.Time) *analytics.Dashboard {
		t.Helper()
		a, _ := analyticsFixture(t, s, zone)
		project(t, s)
		loc := mustZone(zone)
		d, err := analytics.NewService(s, nil).Dashboard(ctx(t), analytics.Query{AccountIDs: []int64{a},
			Period: analytics.Period{Loc: loc, Days: n, Now: now}})
		if err != nil {
			t.Fatalf("Dashboard in %s: %v", zone, err)
		}
		return d
	}
	t.Run("UTC", func(t *testing.T) {
		// o2's follow (16:00 UTC) is still 04-30, and the clicks at 02:14
		// and 02:15 in Shanghai are on UTC's 05-01.
		d := days(t, "UTC", 2, utc(2, 23, 0))
		if got := d.Days; got[0].New != 1 || got[0].Events != 2 || got[1].Events != 1 || got[1].Messages != 2 {
			t.Errorf("UTC days = %+v; want 05-01 new 1 and events 2, 05-02 events 1 and messages 2", got)
		}
	})
	t.Run("Kathmandu", func(t *testing.T) {
		// UTC+5:45: the two clicks straddle its midnight.
		d := days(t, "Asia/Kathmandu", 2, utc(2, 6, 15))
		if got := d.Days; got[0].Date != "2024-05-01" || got[0].Events != 1 || got[1].Events != 2 {
			t.Errorf("Kathmandu days = %+v; want one click on 05-01, two on 05-02", got)
		}
		want := [24]int64{0: 1, 5: 1, 7: 1, 21: 1, 22: 1, 23: 1}
		if d.Hours != want {
			t.Errorf("Kathmandu hours = %v, want %v", d.Hours, want)
		}
	})
}

// testAnalyticsConcurrent projects from two goroutines while four others
// commit: every message and reply is counted exactly once.
func testAnalyticsConcurrent(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_stats_race").ID
	const writers, batches, per = 4, 20, 5
	stop := make(chan struct{})
	var projectors, commits sync.WaitGroup
	for range 2 {
		projectors.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := s.ProjectAnalytics(ctx(t), 7); err != nil {
					t.Errorf("ProjectAnalytics: %v", err)
					return
				}
			}
		})
	}
	for w := range writers {
		commits.Go(func() {
			for i := range batches {
				batch := make([]inbox.Inbound, per)
				for j := range batch {
					id := int64((w*batches+i)*per + j + 1)
					batch[j] = text(acct, "o_race", id, "并发", utc(1, 1, 0))
				}
				if _, err := s.CommitInbound(ctx(t), batch); err != nil {
					t.Errorf("CommitInbound: %v", err)
				}
			}
		})
	}
	commits.Wait()
	close(stop)
	projectors.Wait()
	project(t, s)
	checkRollupSums(t, s, acct, writers*batches*per)
}

func checkRollupSums(t *testing.T, s Store, acct int64, want int64) {
	t.Helper()
	d := analytics.DateOf(utc(1, 1, 0), shanghai)
	replies, err := s.ReplyCounts(ctx(t), []int64{acct}, d, d)
	if err != nil {
		t.Fatalf("ReplyCounts: %v", err)
	}
	var r int64
	for _, c := range replies {
		r += c.N
	}
	if m := sumDays(t, s, acct, d, analytics.MetricMessage); m != want || r != want {
		t.Errorf("rollups count %d messages and %d replies, want %d of each", m, r, want)
	}
}
