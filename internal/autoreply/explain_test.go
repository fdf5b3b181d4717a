package autoreply

import (
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/wechat"
)

func TestExplain(t *testing.T) {
	e := loadExample(t)
	x := e.Explain(textMsg("门票 地址 找人工 订单号 1234567"), at(15, 20, 0), cst)
	var ids []int64
	for _, c := range x.Candidates {
		ids = append(ids, c.Rule.ID)
	}
	// Rule 12 (priority 20) is first but outside its hours; then the contains
	// rules by id, the regex, and the default rules as fallbacks.
	want := []int64{12, 4, 6, 11, 13, 14}
	if len(ids) != len(want) {
		t.Fatalf("candidates %v, want %v\n%s", ids, want, x)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("candidates %v, want %v\n%s", ids, want, x)
		}
	}
	if x.Candidates[0].Active || !x.Candidates[1].Won || x.Candidates[1].Keyword != "门票" {
		t.Fatalf("flags wrong:\n%s", x)
	}
	if d := e.Decide(textMsg("门票 地址 找人工 订单号 1234567"), at(15, 20, 0), cst); ruleID(d) != ruleID(x.Decision) {
		t.Fatalf("Explain decided %d, Decide %d", ruleID(x.Decision), ruleID(d))
	}
	out := x.String()
	for _, s := range []string{"=> rule 4", "contains keyword \"门票\" (半匹配关键词)", "skipped, outside its hours", "regex keyword", "handoff 转人工: false", "version 7"} {
		if !strings.Contains(out, s) {
			t.Errorf("explanation lacks %q:\n%s", s, out)
		}
	}
}

func TestExplainEvents(t *testing.T) {
	e := loadExample(t)
	tests := []struct {
		msg  *wechat.Message
		want []string
	}{
		{eventMsg(wechat.EventSubscribe, "qrscene_store_001"), []string{`=> rule 2`, `QR scene "store_001"`, "any follow (所有关注)"}},
		{eventMsg(wechat.EventClick, "MENU_HOURS"), []string{`=> rule 9`, `menu key "MENU_HOURS"`}},
		{eventMsg(wechat.EventClick, "NOPE"), []string{"no rule matched (没有匹配的规则)", "none (无自动回复)"}},
		{userMsg(wechat.MsgLocation), []string{"=> rule 7", "location message (位置消息)", "default reply"}},
	}
	for _, tt := range tests {
		out := e.Explain(tt.msg, at(15, 10, 0), cst).String()
		for _, s := range tt.want {
			if !strings.Contains(out, s) {
				t.Errorf("%s %q: explanation lacks %q:\n%s", tt.msg.Event, tt.msg.EventKey, s, out)
			}
		}
	}
}
