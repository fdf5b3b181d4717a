package gateway_test

import (
	"context"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/simulator"
)

// TestCanaryAnswersItsFollowers: while a canary runs, its test follower gets
// the canary version's reply and everyone else the active version's, and
// each stored reply names the version that really answered.
func TestCanaryAnswersItsFollowers(t *testing.T) {
	h := newHarness(t, setup{})
	sa, a := h.addAccount("wx_canary", simulator.ModeSafe, true)
	active := h.saveRules(standardRules(a.ID))
	next := standardRules(a.ID)
	const canaryText = "门票新价：¥150（测试中）"
	next.Rules[2].Replies = text(canaryText)
	saved, _, err := h.rules.SaveCanary(context.Background(), next, autoreply.Canary{AccountID: a.ID, OpenIDs: []string{"o_tester"}, Author: "test"})
	if err != nil {
		t.Fatalf("save canary: %v", err)
	}
	sec := time.Now().Unix()
	cases := []struct {
		openID  string
		msgID   int64
		want    string
		version int64
	}{
		{"o_tester", 9700, canaryText, saved.Version},
		{"o_everyone", 9701, ticketsText, active},
	}
	for _, tc := range cases {
		status, body := h.post(safeCallback(t, sa, sa.AppID, textXML(sa, tc.openID, "门票", tc.msgID, sec), time.Now()))
		if status != 200 {
			t.Fatalf("%s: status %d (%s)", tc.openID, status, body)
		}
		rs := h.replies(h.message(a, "m:"+itoa(tc.msgID)).ID)
		if len(rs) != 1 || rs[0].Content != tc.want || rs[0].Source.RuleVersion != tc.version || rs[0].Source.RuleID != ruleTickets {
			t.Errorf("%s: stored replies %+v, want %q from rule %d v%d", tc.openID, rs, tc.want, ruleTickets, tc.version)
		}
	}
}
