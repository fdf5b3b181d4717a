package broadcast

import (
	"fmt"
	"slices"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
)

func TestBatchSizes(t *testing.T) {
	tests := []struct {
		n, max int
		want   []int
	}{
		{0, 10000, nil},
		{1, 10000, []int{1}},
		{2, 10000, []int{2}},
		{10000, 10000, []int{10000}},
		{10001, 10000, []int{9999, 2}},
		{10002, 10000, []int{10000, 2}},
		{100000, 10000, []int{10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000, 10000}},
		{7, 3, []int{3, 2, 2}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n, "/", tt.max), func(t *testing.T) {
			got := batchSizes(tt.n, tt.max)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("batchSizes(%d, %d) = %v, want %v", tt.n, tt.max, got, tt.want)
			}
			sum := 0
			for _, s := range got {
				sum += s
			}
			if sum != tt.n {
				t.Errorf("sizes add up to %d, want %d", sum, tt.n)
			}
		})
	}
}

func TestChoosePlan(t *testing.T) {
	text := func(a string) Draft { return Draft{Kind: KindText, Audience: Audience{Kind: a}} }
	tests := []struct {
		name    string
		typ     account.Type
		d       Draft
		trimmed bool
		want    string
	}{
		{"service all", account.Service, text(AudienceAll), false, PlanOpenIDs},
		{"service segment", account.Service, text(AudienceSegment), true, PlanOpenIDs},
		{"service template", account.Service, Draft{Kind: KindTemplate, Audience: Audience{Kind: AudienceAll}}, false, PlanTemplate},
		{"subscription all", account.Subscription, text(AudienceAll), false, PlanAll},
		{"subscription all trimmed by the cap", account.Subscription, text(AudienceAll), true, PlanTempTag},
		{"subscription tag", account.Subscription, text(AudienceTag), false, PlanTag},
		{"subscription tag trimmed", account.Subscription, text(AudienceTag), true, PlanTempTag},
		{"subscription segment", account.Subscription, text(AudienceSegment), false, PlanTempTag},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := choosePlan(tt.typ, tt.d, tt.trimmed); got != tt.want {
				t.Errorf("choosePlan = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAssign(t *testing.T) {
	eligible := make([]string, 10001)
	for i := range eligible {
		eligible[i] = fmt.Sprintf("o%05d", i)
	}
	recips, batches := assign(9, PlanOpenIDs, eligible, []string{"capped"}, 10000)
	if len(batches) != 2 || batches[0].ClientMsgID != "fb-9-1" || batches[1].ClientMsgID != "fb-9-2" ||
		batches[0].Size != 9999 || batches[1].Size != 2 {
		t.Fatalf("batches = %+v", batches)
	}
	count := map[int]int{}
	for _, r := range recips {
		count[r.Batch]++
	}
	if count[1] != 9999 || count[2] != 2 || count[0] != 1 || recips[len(recips)-1].State != StateSkippedCap {
		t.Errorf("recipients per batch = %v", count)
	}
	recips, batches = assign(9, PlanTemplate, eligible[:3], nil, 10000)
	if len(batches) != 0 || len(recips) != 3 || recips[0].Batch != 0 {
		t.Errorf("template assign = %d batches, %+v", len(batches), recips)
	}
	_, batches = assign(9, PlanTempTag, eligible, nil, 10000)
	if len(batches) != 1 || batches[0].Size != 10001 {
		t.Errorf("temp tag batches = %+v", batches)
	}
}

func TestTopHours(t *testing.T) {
	var h [24]int64
	h[20], h[9], h[12], h[21] = 50, 80, 50, 10
	if got := topHours(h, 3); !slices.Equal(got, []int{9, 12, 20}) {
		t.Errorf("topHours = %v, want [9 12 20]", got)
	}
	if got := topHours([24]int64{}, 3); len(got) != 0 {
		t.Errorf("topHours without traffic = %v", got)
	}
}

func TestCheckSettings(t *testing.T) {
	tests := []struct {
		name string
		in   Settings
		ok   bool
		ids  []string
	}{
		{"defaults", Settings{DailyCap: 1, RecentHours: 72}, true, []string{}},
		{"cap off", Settings{DailyCap: 0, RecentHours: 1, PreviewOpenIDs: []string{" o1 ", "o1", "", "o2"}}, true, []string{"o1", "o2"}},
		{"negative cap", Settings{DailyCap: -1, RecentHours: 72}, false, nil},
		{"cap too high", Settings{DailyCap: 11, RecentHours: 72}, false, nil},
		{"no recent hours", Settings{DailyCap: 1, RecentHours: 0}, false, nil},
		{"bad openid", Settings{DailyCap: 1, RecentHours: 72, PreviewOpenIDs: []string{"o1 o2"}}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkSettings(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("checkSettings = %v, want ok %v", err, tt.ok)
			}
			if tt.ok && !slices.Equal(got.PreviewOpenIDs, tt.ids) {
				t.Errorf("preview openids = %q, want %q", got.PreviewOpenIDs, tt.ids)
			}
		})
	}
}
