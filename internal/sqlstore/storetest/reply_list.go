package storetest

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

// testListReplies: filters by rule, version, follower and time combine,
// newest first, with keyset paging.
func testListReplies(t *testing.T, s Store) {
	a := mustAccount(t, s, "wx_replies")
	b := mustAccount(t, s, "wx_replies_other")
	mustCommit(t, s, text(a.ID, "o1", 1, "门票", base), text(a.ID, "o2", 2, "地址", base.Add(time.Hour)),
		text(b.ID, "o9", 3, "别的号", base))
	agent := &inbox.Reply{AccountID: a.ID, OpenID: "o1", Channel: inbox.ChannelCustom, MsgType: "text",
		Content: "人工回复", Body: []byte(`{}`), Source: inbox.Source{AgentID: 42}, Status: "sent", CreatedAt: base.Add(2 * time.Hour)}
	if err := s.AddReply(ctx(t), agent); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		f    inbox.ReplyFilter
		want []string
	}{
		{"all of the account, newest first", inbox.ReplyFilter{AccountID: a.ID}, []string{"人工回复", "re: 地址", "re: 门票"}},
		{"rule and version", inbox.ReplyFilter{AccountID: a.ID, RuleID: 7, RuleVersion: 3}, []string{"re: 地址", "re: 门票"}},
		{"another version", inbox.ReplyFilter{AccountID: a.ID, RuleID: 7, RuleVersion: 4}, nil},
		{"agent", inbox.ReplyFilter{AccountID: a.ID, AgentID: 42}, []string{"人工回复"}},
		{"follower", inbox.ReplyFilter{AccountID: a.ID, OpenID: "o2"}, []string{"re: 地址"}},
		{"time range", inbox.ReplyFilter{AccountID: a.ID, From: base.Add(30 * time.Minute), To: base.Add(90 * time.Minute)}, []string{"re: 地址"}},
		{"limit", inbox.ReplyFilter{AccountID: a.ID, Limit: 1}, []string{"人工回复"}},
		{"page after the agent reply", inbox.ReplyFilter{AccountID: a.ID, BeforeID: agent.ID}, []string{"re: 地址", "re: 门票"}},
	}
	for _, tc := range cases {
		got, err := s.ListReplies(ctx(t), tc.f)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var texts []string
		for _, r := range got {
			texts = append(texts, r.Content)
		}
		if len(texts) != len(tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, texts, tc.want)
			continue
		}
		for i := range texts {
			if texts[i] != tc.want[i] {
				t.Errorf("%s: got %q, want %q", tc.name, texts, tc.want)
				break
			}
		}
	}
}
