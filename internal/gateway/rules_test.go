package gateway_test

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/wechat"
)

// TestRuleChangeTakesEffect: a saved rule set answers the very next push,
// and each stored reply names the version that produced it (invariant 3),
// while a retry of a push answered under the old rules keeps its old reply
// (invariant 2).
func TestRuleChangeTakesEffect(t *testing.T) {
	h := newHarness(t, setup{})
	sa, a := h.addAccount("wx_rules", simulator.ModeSafe, true)
	sec := time.Now().Unix()
	const newText = "门票新价：¥160"
	var first int64 // the first saved version

	noRules := safeCallback(t, sa, sa.AppID, textXML(sa, "o_r", "门票", 9600, sec), time.Now())
	steps := []struct {
		name    string
		change  func() int64 // returns the version live afterwards
		push    callback
		key     string
		want    string // "" means no reply
		ruleID  int64
		version func(live int64) int64
	}{
		{"no rules yet", func() int64 { return 0 }, noRules, "m:9600", "", 0, nil},
		{"first rule set", func() int64 { first = h.saveRules(standardRules(a.ID)); return first },
			safeCallback(t, sa, sa.AppID, textXML(sa, "o_r", "门票", 9601, sec), time.Now()), "m:9601", ticketsText, ruleTickets, same},
		{"reply edited", func() int64 {
			rs := standardRules(a.ID)
			rs.Rules[2].Replies = text(newText)
			return h.saveRules(rs)
		}, safeCallback(t, sa, sa.AppID, textXML(sa, "o_r", "门票", 9602, sec), time.Now()), "m:9602", newText, ruleTickets, same},
		{"retry of a push answered under the first set", func() int64 { return 0 },
			safeCallback(t, sa, sa.AppID, textXML(sa, "o_r", "门票", 9601, sec), time.Now()), "m:9601", ticketsText, ruleTickets,
			func(int64) int64 { return first }},
		{"rule removed", func() int64 {
			rs := standardRules(a.ID)
			rs.Rules = rs.Rules[:3] // no default rule
			return h.saveRules(rs)
		}, safeCallback(t, sa, sa.AppID, textXML(sa, "o_r", "hello", 9603, sec), time.Now()), "m:9603", "", 0, nil},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			live := st.change()
			status, body := h.post(st.push)
			if status != 200 {
				t.Fatalf("status %d (%s)", status, body)
			}
			m := h.message(a, st.key)
			rs := h.replies(m.ID)
			if st.want == "" {
				if string(body) != "success" || len(rs) != 0 {
					t.Errorf("answer %q with %d stored replies, want \"success\" and none", body, len(rs))
				}
				return
			}
			rm, err := wechat.ParseReply(openReply(t, sa, body))
			if err != nil || rm.Reply.Content != st.want {
				t.Fatalf("reply %+v (%v), want %q", rm, err, st.want)
			}
			if len(rs) != 1 || rs[0].Source.RuleID != st.ruleID || rs[0].Source.RuleVersion != st.version(live) {
				t.Errorf("stored replies %+v, want one from rule %d version %d", rs, st.ruleID, st.version(live))
			}
		})
	}
}

func same(v int64) int64 { return v }
