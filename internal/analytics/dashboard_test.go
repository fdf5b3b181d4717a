package analytics

import (
	"reflect"
	"testing"
	"time"
)

// TestDashboardFold folds rollup rows of two accounts into a two-day
// dashboard of one of them, by hand.
func TestDashboardFold(t *testing.T) {
	p := Period{Loc: DefaultLocation(), Days: 2, Now: time.Date(2024, 5, 2, 4, 0, 0, 0, time.UTC)}
	may1, may2 := p.First(), p.Last()
	l := &loaded{
		days: []DayCount{
			{1, may1, MetricSubscribe, 5},
			{1, may1, MetricMessage, 3},
			{1, may2, MetricUnsubscribe, 2},
			{1, may2, MetricEvent, 4},
			{1, may2, MetricOther, 9},     // not an interaction
			{2, may1, MetricMessage, 100}, // another account
			{1, may1 - 1, MetricMessage, 1},
		},
		hours: [24]int64{9: 3, 1: 4},
		replies: []ReplyCount{
			{1, may1, 3, 2, 0, 3},
			{1, may1, 4, 1, 0, 1},
			{1, may2, 3, 2, 0, 2},
			{1, may2, 0, 0, 9, 6},
			{1, may2, 0, 0, 0, 1},
		},
		subscribed: map[int64]int64{1: 50, 2: 1000},
	}
	d := l.dashboard(p, 1, func(id int64) bool { return id == 1 })
	want := []Day{
		{Date: "2024-05-01", New: 5, Net: 5, Total: 52, Messages: 3, AutoReplies: 4},
		{Date: "2024-05-02", Unfollowed: 2, Net: -2, Total: 50, Events: 4, AutoReplies: 2, AgentReplies: 6, OtherReplies: 1},
	}
	if !reflect.DeepEqual(d.Days, want) {
		t.Errorf("Days = %+v\nwant %+v", d.Days, want)
	}
	if d.Hours[9] != 3 || d.Hours[1] != 4 || d.PeakHour() != 1 {
		t.Errorf("Hours = %v, peak %d", d.Hours, d.PeakHour())
	}
	if !reflect.DeepEqual(d.Rules, []RuleCount{{3, 2, 5}}) || d.OtherRules != 1 {
		t.Errorf("Rules = %+v + %d", d.Rules, d.OtherRules)
	}
	tot := d.Totals()
	if tot.New != 5 || tot.Unfollowed != 2 || tot.Total != 50 || tot.Interactions() != 7 || d.Replies.Total() != 13 {
		t.Errorf("Totals = %+v, replies %+v", tot, d.Replies)
	}
}
