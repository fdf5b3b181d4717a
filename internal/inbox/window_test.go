package inbox_test

import (
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

var t0 = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

func sends(offsets ...time.Duration) []time.Time {
	var out []time.Time
	for _, d := range offsets {
		out = append(out, t0.Add(d))
	}
	return out
}

func TestComputeWindow(t *testing.T) {
	msg := inbox.WindowFacts{Known: true, Subscribed: true, LastMessageAt: t0}
	withSends := func(f inbox.WindowFacts, s ...time.Duration) inbox.WindowFacts { f.Sends = sends(s...); return f }
	evt := inbox.WindowFacts{Known: true, Subscribed: true, LastEventAt: t0}
	both := inbox.WindowFacts{Known: true, Subscribed: true, LastMessageAt: t0, LastEventAt: t0}
	tests := []struct {
		name      string
		f         inbox.WindowFacts
		at        time.Duration
		open      bool
		kind      string
		remaining int
		expires   time.Duration
		reason    string
	}{
		{"stranger", inbox.WindowFacts{}, 0, false, "", 0, 0, inbox.ReasonNone},
		{"follower who never interacted", inbox.WindowFacts{Known: true, Subscribed: true}, 0, false, "", 0, 0, inbox.ReasonNone},
		{"just after a message", msg, 0, true, inbox.WindowMessage, 5, 48 * time.Hour, ""},
		{"1 ms before 48 h", msg, 48*time.Hour - time.Millisecond, true, inbox.WindowMessage, 5, 48 * time.Hour, ""},
		{"exactly 48 h", msg, 48 * time.Hour, false, "", 0, 0, inbox.ReasonExpired},
		{"4 sent: 1 left", withSends(msg, 1, 2, 3, 4), time.Hour, true, inbox.WindowMessage, 1, 48 * time.Hour, ""},
		{"5 sent: quota", withSends(msg, 1, 2, 3, 4, 5), time.Hour, false, "", 0, 0, inbox.ReasonQuota},
		{"sends before the message do not count", withSends(msg, -time.Hour, -time.Minute), time.Hour, true, inbox.WindowMessage, 5, 48 * time.Hour, ""},
		{"unsubscribed", inbox.WindowFacts{Known: true, LastMessageAt: t0}, time.Minute, false, "", 0, 0, inbox.ReasonUnsubscribed},
		{"follow: 3 within a minute", evt, 59 * time.Second, true, inbox.WindowEvent, 3, time.Minute, ""},
		{"follow: closed at 1 minute", evt, time.Minute, false, "", 0, 0, inbox.ReasonExpired},
		{"follow: 3 sent", withSends(evt, 1, 2, 3), 10 * time.Second, false, "", 0, 0, inbox.ReasonQuota},
		{"message and click add up", both, time.Second, true, inbox.WindowMessage, 8, 48 * time.Hour, ""},
		// Sends use the allowance that ends first: 3 go to the click, 1 to the message.
		{"sends use the event allowance first", withSends(both, 1, 2, 3, 4), 10 * time.Second, true, inbox.WindowMessage, 4, 48 * time.Hour, ""},
		{"after the minute only the message allowance is left", withSends(both, 1, 2), 2 * time.Minute, true, inbox.WindowMessage, 5, 48 * time.Hour, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := inbox.ComputeWindow(tt.f, t0.Add(tt.at))
			if w.Open != tt.open || w.Kind != tt.kind || w.Remaining != tt.remaining || w.Reason != tt.reason {
				t.Fatalf("window = %+v, want open %v kind %q remaining %d reason %q", w, tt.open, tt.kind, tt.remaining, tt.reason)
			}
			if tt.open && !w.ExpiresAt.Equal(t0.Add(tt.expires)) {
				t.Errorf("expires at %v, want %v", w.ExpiresAt, t0.Add(tt.expires))
			}
			if tt.open != (w.Err() == nil) {
				t.Errorf("Err() = %v with open %v", w.Err(), w.Open)
			}
		})
	}
}

func TestWindowErrExplainsInBothLanguages(t *testing.T) {
	for _, reason := range []string{inbox.ReasonNone, inbox.ReasonExpired, inbox.ReasonQuota, inbox.ReasonUnsubscribed} {
		err := inbox.Window{Reason: reason}.Err()
		if !errs.Is(err, errs.Forbidden) {
			t.Errorf("%s: Err() = %v, want Forbidden", reason, err)
		}
		msg := err.Error()
		if !strings.ContainsFunc(msg, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) || !strings.Contains(msg, "the ") {
			t.Errorf("%s: %q is not English and Chinese", reason, msg)
		}
	}
}
