package analytics

import (
	"slices"
	"testing"
	"time"
)

func TestSlotOf(t *testing.T) {
	tests := []struct {
		at   time.Time
		want Slot
	}{
		{time.Unix(0, 0), 0},
		{time.Unix(899, 999e6), 0},
		{time.Unix(900, 0), 1},
		{time.Unix(-1, 0), -1}, // floors before 1970
		{time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Slot(1714521600 / 900)},
	}
	for _, tc := range tests {
		if got := SlotOf(tc.at); got != tc.want {
			t.Errorf("SlotOf(%v) = %d, want %d", tc.at, got, tc.want)
		}
		if got := SlotOf(tc.at).Start(); got.After(tc.at) || tc.at.Sub(got) >= SlotLength {
			t.Errorf("SlotOf(%v).Start() = %v, not the start of its slot", tc.at, got)
		}
	}
}

func TestPeriod(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	tests := []struct {
		name  string
		p     Period
		dates []string
		start time.Time
	}{
		{"shanghai", Period{Loc: DefaultLocation(), Days: 2, Now: time.Date(2024, 5, 1, 16, 30, 0, 0, time.UTC)},
			[]string{"2024-05-01", "2024-05-02"}, time.Date(2024, 4, 30, 16, 0, 0, 0, time.UTC)},
		// New York springs forward on 2024-03-10: that day has 23 hours.
		{"across DST", Period{Loc: ny, Days: 3, Now: time.Date(2024, 3, 11, 12, 0, 0, 0, time.UTC)},
			[]string{"2024-03-09", "2024-03-10", "2024-03-11"}, time.Date(2024, 3, 9, 5, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Dates(); !slices.Equal(got, tc.dates) {
				t.Errorf("Dates = %v, want %v", got, tc.dates)
			}
			if !tc.p.Start().Equal(tc.start) {
				t.Errorf("Start = %v, want %v", tc.p.Start().UTC(), tc.start)
			}
			if i := tc.p.index(DateOf(tc.p.Now, tc.p.Loc)); i != tc.p.Days-1 {
				t.Errorf("index(Now) = %d, want %d", i, tc.p.Days-1)
			}
			if i := tc.p.index(DateOf(tc.start.Add(-time.Millisecond), tc.p.Loc)); i != -1 {
				t.Errorf("index(just before start) = %d, want -1", i)
			}
		})
	}
	// 2024-03-11 00:00 in New York is 04:00 UTC (EDT): the DST day is short.
	p := tests[1].p
	if i := p.index(DateOf(time.Date(2024, 3, 11, 3, 59, 0, 0, time.UTC), p.Loc)); i != 1 {
		t.Errorf("index(03-10 23:59 EDT) = %d, want 1", i)
	}
	if i := p.index(DateOf(time.Date(2024, 3, 11, 4, 0, 0, 0, time.UTC), p.Loc)); i != 2 {
		t.Errorf("index(03-11 00:00 EDT) = %d, want 2", i)
	}
}

func TestLocal(t *testing.T) {
	ktm, err := time.LoadLocation("Asia/Kathmandu")
	if err != nil {
		t.Skip("no zone database:", err)
	}
	tests := []struct {
		at   time.Time
		loc  *time.Location
		date string
		hour int
	}{
		{time.Date(2024, 4, 30, 16, 0, 0, 0, time.UTC), DefaultLocation(), "2024-05-01", 0},
		{time.Date(2024, 4, 30, 15, 59, 59, 0, time.UTC), DefaultLocation(), "2024-04-30", 23},
		{time.Date(2024, 5, 1, 18, 14, 59, 0, time.UTC), ktm, "2024-05-01", 23},
		{time.Date(2024, 5, 1, 18, 15, 0, 0, time.UTC), ktm, "2024-05-02", 0},
		{time.Date(1969, 12, 31, 23, 0, 0, 0, time.UTC), time.UTC, "1969-12-31", 23},
	}
	for _, tc := range tests {
		d, h := Local(tc.at, tc.loc)
		if d.String() != tc.date || h != tc.hour {
			t.Errorf("Local(%v, %v) = %s %d, want %s %d", tc.at, tc.loc, d, h, tc.date, tc.hour)
		}
		if m := d.Midnight(tc.loc); DateOf(m, tc.loc) != d || DateOf(m.Add(-time.Nanosecond), tc.loc) != d-1 {
			t.Errorf("%s.Midnight = %v, not the start of the day", d, m)
		}
	}
}

func TestClassify(t *testing.T) {
	tests := []struct {
		kind, event string
		want        Metric
	}{
		{"message", "", MetricMessage},
		{"event", "subscribe", MetricSubscribe},
		{"event", "unsubscribe", MetricUnsubscribe},
		{"event", "CLICK", MetricEvent},
		{"event", "SCAN", MetricEvent},
		{"event", "view_miniprogram", MetricEvent},
		{"event", "MASSSENDJOBFINISH", MetricOther},
		{"event", "TEMPLATESENDJOBFINISH", MetricOther},
		{"event", "kf_create_session", MetricOther},
		{"event", "click", MetricOther}, // event names are case-sensitive
	}
	for _, tc := range tests {
		if got := Classify(tc.kind, tc.event); got != tc.want {
			t.Errorf("Classify(%q, %q) = %q, want %q", tc.kind, tc.event, got, tc.want)
		}
	}
}

func TestPercentile(t *testing.T) {
	s := func(secs ...int) []time.Duration {
		out := make([]time.Duration, len(secs))
		for i, v := range secs {
			out[i] = time.Duration(v) * time.Second
		}
		return out
	}
	tests := []struct {
		values []time.Duration
		p      int
		want   time.Duration
	}{
		{nil, 50, 0},
		{s(7), 50, 7 * time.Second},
		{s(7), 90, 7 * time.Second},
		{s(1, 2), 50, 1 * time.Second},
		{s(1, 2, 3), 50, 2 * time.Second},
		{s(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Second},
		{s(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), 90, 10 * time.Second},
		{s(1, 2, 3), 100, 3 * time.Second},
	}
	for _, tc := range tests {
		if got := Percentile(tc.values, tc.p); got != tc.want {
			t.Errorf("Percentile(%v, %d) = %v, want %v", tc.values, tc.p, got, tc.want)
		}
	}
}
