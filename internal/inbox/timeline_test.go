package inbox_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

func TestMergeTimeline(t *testing.T) {
	p := inbox.TimelinePage{
		Messages: []inbox.Message{ // newest first, as stored
			{ID: 3, ReceivedAt: t0.Add(2 * time.Minute)},
			{ID: 2, ReceivedAt: t0.Add(time.Minute)},
			{ID: 1, ReceivedAt: t0},
		},
		Replies: []inbox.Reply{
			{ID: 10, MessageID: 1, CreatedAt: t0}, // passive: same instant as its message
			{ID: 12, CreatedAt: t0.Add(90 * time.Second), Source: inbox.Source{AgentID: 7}},
			{ID: 11, MessageID: 2, CreatedAt: t0.Add(time.Minute)},
		},
	}
	want := []string{"m1", "r10", "m2", "r11", "r12", "m3"}
	items := inbox.MergeTimeline(p)
	if len(items) != len(want) {
		t.Fatalf("%d items, want %d", len(items), len(want))
	}
	for i, it := range items {
		got := ""
		switch {
		case it.Message != nil:
			got = "m" + itoa(it.Message.ID)
		case it.Reply != nil:
			got = "r" + itoa(it.Reply.ID)
		}
		if got != want[i] {
			t.Errorf("item %d = %s, want %s", i, got, want[i])
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
