package storetest

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

func mustReply(t *testing.T, s Store, r *inbox.Reply) {
	t.Helper()
	if r.Body == nil {
		r.Body = []byte(`{}`)
	}
	if err := s.AddReply(ctx(t), r); err != nil {
		t.Fatalf("AddReply: %v", err)
	}
}

// testWindowFacts covers what the reply window is computed from.
func testWindowFacts(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_window").ID
	f, err := s.WindowFacts(ctx(t), acct, "o_nobody", base)
	if err != nil || f.Known {
		t.Fatalf("WindowFacts of a stranger = %+v, %v", f, err)
	}
	msgAt := base.Add(time.Minute)
	mustCommit(t, s, event(acct, "o_w", "subscribe", "", base), text(acct, "o_w", 1, "hi", msgAt),
		event(acct, "o_w", "LOCATION", "", base.Add(2*time.Minute)), event(acct, "o_w", "VIEW", "https://x", base.Add(3*time.Minute)))
	for i, st := range []string{"sent", "failed", "pending", "sent"} {
		mustReply(t, s, &inbox.Reply{AccountID: acct, OpenID: "o_w", MsgType: "text", Status: st,
			CreatedAt: base.Add(time.Duration(10+i) * time.Minute)})
	}
	mustReply(t, s, &inbox.Reply{AccountID: acct, OpenID: "o_w", Status: "sent", CreatedAt: base}) // before since
	mustReply(t, s, &inbox.Reply{AccountID: acct, OpenID: "o_other", Status: "sent", CreatedAt: base.Add(11 * time.Minute)})
	f, err = s.WindowFacts(ctx(t), acct, "o_w", base.Add(time.Second))
	if err != nil {
		t.Fatalf("WindowFacts: %v", err)
	}
	// The passive reply to "hi" is not a customer-service message; VIEW and LOCATION open nothing.
	want := []time.Time{base.Add(10 * time.Minute), base.Add(12 * time.Minute), base.Add(13 * time.Minute)}
	if !f.Known || !f.Subscribed || !f.LastMessageAt.Equal(msgAt) || !f.LastEventAt.Equal(base) || !sameTimes(f.Sends, want) {
		t.Errorf("WindowFacts = %+v; want sends %v", f, want)
	}
	mustCommit(t, s, event(acct, "o_w", "unsubscribe", "", base.Add(time.Hour)))
	if f, err := s.WindowFacts(ctx(t), acct, "o_w", base); err != nil || f.Subscribed {
		t.Errorf("after unsubscribe: %+v, %v", f, err)
	}
}

func sameTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// testTimelinePage covers a follower's history pages and which replies
// each page carries.
func testTimelinePage(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_timeline").ID
	var ids []int64
	for i := range 5 { // messages at base+0, 10, 20, 30, 40 min, each with a passive reply
		out := mustCommit(t, s, text(acct, "o_t", int64(i+1), "m", base.Add(time.Duration(10*i)*time.Minute)))
		ids = append(ids, out[0].MessageID)
	}
	mustReply(t, s, &inbox.Reply{AccountID: acct, OpenID: "o_t", Status: "sent", CreatedAt: base.Add(-time.Hour)})
	mustReply(t, s, &inbox.Reply{AccountID: acct, OpenID: "o_t", Status: "sent", CreatedAt: base.Add(25 * time.Minute),
		Source: inbox.Source{AgentID: 7}})
	mustCommit(t, s, text(acct, "o_else", 99, "x", base.Add(25*time.Minute)))
	tests := []struct {
		name          string
		before        int64
		wantMsgs      []int64
		wantReplies   int
		wantMore      bool
		wantFirstTime time.Time
	}{
		{"newest", 0, []int64{ids[4], ids[3]}, 2, true, base.Add(30 * time.Minute)},
		{"middle: the agent's reply sits between", ids[3], []int64{ids[2], ids[1]}, 3, true, base.Add(10 * time.Minute)},
		{"oldest: replies before the first message too", ids[1], []int64{ids[0]}, 2, false, base.Add(-time.Hour)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.TimelinePage(ctx(t), acct, "o_t", tt.before, 2)
			if err != nil {
				t.Fatalf("TimelinePage: %v", err)
			}
			var got []int64
			for _, m := range p.Messages {
				got = append(got, m.ID)
			}
			if len(got) != len(tt.wantMsgs) || got[0] != tt.wantMsgs[0] || p.More != tt.wantMore {
				t.Errorf("messages %v (more %v), want %v (more %v)", got, p.More, tt.wantMsgs, tt.wantMore)
			}
			if len(p.Replies) != tt.wantReplies || !p.Replies[0].CreatedAt.Equal(tt.wantFirstTime) {
				t.Errorf("replies %+v, want %d from %v", p.Replies, tt.wantReplies, tt.wantFirstTime)
			}
		})
	}
}
