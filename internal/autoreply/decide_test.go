package autoreply

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/wechat"
)

func TestDecideExample(t *testing.T) {
	e := loadExample(t)
	office, evening := at(15, 10, 0), at(15, 20, 0)
	voice := userMsg(wechat.MsgVoice)
	voice.Recognition = "门票多少钱？"
	tests := []struct {
		name    string
		msg     *wechat.Message
		now     time.Time
		want    int64 // rule id; 0 = no rule
		handoff bool
	}{
		{"follow", eventMsg(wechat.EventSubscribe, ""), office, 1, false},
		{"follow by store QR", eventMsg(wechat.EventSubscribe, "qrscene_store_001"), office, 2, false},
		{"follow by unknown QR", eventMsg(wechat.EventSubscribe, "qrscene_poster_9"), office, 1, false},
		{"scan store QR", eventMsg(wechat.EventScan, "store_001"), office, 3, false},
		{"scan unknown QR", eventMsg(wechat.EventScan, "poster_9"), office, 0, false},
		{"menu tickets", eventMsg(wechat.EventClick, "MENU_TICKETS"), office, 8, false},
		{"menu key is case sensitive", eventMsg(wechat.EventClick, "menu_tickets"), office, 0, false},
		{"view menu gets nothing", eventMsg(wechat.EventView, "https://example.com"), office, 0, false},
		{"unsubscribe", eventMsg(wechat.EventUnsubscribe, ""), office, 0, false},
		{"location event", eventMsg(wechat.EventLocation, ""), office, 0, false},
		{"contains", textMsg("请问门票多少钱"), office, 4, false},
		{"exact", textMsg("营业时间"), office, 5, false},
		{"exact after trim", textMsg("  营业时间 \n"), office, 5, false},
		{"exact needs the whole text", textMsg("营业时间是几点"), office, 14, true},
		{"exact folds case and space", textMsg("OPENING \t  Hours"), office, 5, false},
		{"full width", textMsg("ＴＩＣＫＥＴ　price?"), office, 4, false},
		{"two contains: lower id", textMsg("地址和门票"), office, 4, false},
		{"priority beats id", textMsg("门票找人工"), office, 12, true},
		{"outside hours falls through", textMsg("门票找人工"), evening, 4, false},
		{"regex", textMsg("帮我查 订单号 12345678"), office, 11, true},
		{"contains beats regex", textMsg("订单号123456 的门票"), office, 4, false},
		{"random pick rule", textMsg("Hello"), office, 10, false},
		{"disabled rule", textMsg("双十一有活动吗"), office, 14, true},
		{"default in office hours", textMsg("随便说点什么"), office, 14, true},
		{"default after hours", textMsg("随便说点什么"), evening, 13, true},
		{"empty text", textMsg("   "), office, 14, true},
		{"location message", userMsg(wechat.MsgLocation), office, 7, false},
		{"image gets default", userMsg(wechat.MsgImage), office, 14, true},
		{"voice recognition", voice, office, 4, false},
		{"voice without recognition", userMsg(wechat.MsgVoice), office, 14, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := e.Decide(tt.msg, tt.now, cst)
			if got := ruleID(d); got != tt.want {
				t.Fatalf("rule %d, want %d", got, tt.want)
			}
			if d.Matched != (tt.want != 0) || d.Handoff != tt.handoff || d.Version != 7 {
				t.Fatalf("matched %t handoff %t version %d, want handoff %t version 7", d.Matched, d.Handoff, d.Version, tt.handoff)
			}
			if d.Matched && !replyOf(d.Rule, d.Reply) {
				t.Fatalf("reply %+v is not one of rule %d's", d.Reply, d.Rule.ID)
			}
		})
	}
}

func replyOf(r *Rule, rp wechat.Reply) bool {
	for _, x := range r.Replies {
		if x.Type == rp.Type && x.Content == rp.Content && x.MediaID == rp.MediaID && len(x.Articles) == len(rp.Articles) {
			return true
		}
	}
	return false
}

func TestDecideTieBreak(t *testing.T) {
	tests := []struct {
		name  string
		rules []Rule
		text  string
		want  int64
	}{
		{"higher priority wins over exact",
			[]Rule{keywordRule(1, 0, kw("hi", MatchExact)), keywordRule(2, 5, kw("h", MatchContains))}, "hi", 2},
		{"exact beats contains at equal priority",
			[]Rule{keywordRule(1, 0, kw("h", MatchContains)), keywordRule(2, 0, kw("hi", MatchExact))}, "hi", 2},
		{"contains beats regex at equal priority",
			[]Rule{keywordRule(1, 0, kw("^h", MatchRegex)), keywordRule(2, 0, kw("i", MatchContains))}, "hi", 2},
		{"exact beats regex at equal priority",
			[]Rule{keywordRule(1, 0, kw("hi", MatchRegex)), keywordRule(2, 0, kw("hi", MatchExact))}, "hi", 2},
		{"regex with higher priority wins",
			[]Rule{keywordRule(1, 0, kw("hi", MatchExact)), keywordRule(2, 1, kw("h.", MatchRegex))}, "hi", 2},
		{"same mode and priority: lower id",
			[]Rule{keywordRule(9, 0, kw("h", MatchContains)), keywordRule(3, 0, kw("i", MatchContains))}, "hi", 3},
		{"same keyword in two rules: lower id",
			[]Rule{keywordRule(9, 0, kw("hi", MatchExact)), keywordRule(3, 0, kw("HI", MatchExact))}, "hi", 3},
		{"two regexes: priority then id",
			[]Rule{keywordRule(5, 0, kw("h", MatchRegex)), keywordRule(4, 0, kw("i", MatchRegex)), keywordRule(6, -1, kw(".", MatchRegex))}, "hi", 4},
		{"negative priority loses to the default",
			[]Rule{keywordRule(1, -1, kw("hi", MatchExact)), {ID: 2, Trigger: TriggerDefault, Replies: []wechat.Reply{textReply("d")}}}, "hi", 1},
		{"empty match mode means contains",
			[]Rule{keywordRule(1, 0, kw("门票", "")), keywordRule(2, 0, kw("x", MatchExact))}, "买门票", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := mustCompile(t, tt.rules...)
			if got := ruleID(e.Decide(textMsg(tt.text), at(15, 10, 0), cst)); got != tt.want {
				t.Fatalf("rule %d, want %d", got, tt.want)
			}
		})
	}
}

func TestDecideSceneBeatsGeneric(t *testing.T) {
	welcome := func(id int64, prio int, keys ...string) Rule {
		return Rule{ID: id, Trigger: TriggerSubscribe, Keys: keys, Priority: prio, Replies: []wechat.Reply{textReply("w")}}
	}
	night := welcome(3, 0, "s1")
	night.Hours = &Hours{From: "22:00", To: "06:00"}
	e := mustCompile(t, welcome(1, 100), night, welcome(2, 0, "qrscene_s2"),
		Rule{ID: 4, Trigger: TriggerScan, Replies: []wechat.Reply{textReply("any scan")}})
	tests := []struct {
		msg  *wechat.Message
		now  time.Time
		want int64
	}{
		{eventMsg(wechat.EventSubscribe, "qrscene_s2"), at(15, 10, 0), 2}, // key written with prefix
		{eventMsg(wechat.EventSubscribe, "qrscene_s1"), at(15, 23, 0), 3},
		{eventMsg(wechat.EventSubscribe, "qrscene_s1"), at(15, 10, 0), 1}, // scene rule outside hours
		{eventMsg(wechat.EventSubscribe, "s2"), at(15, 10, 0), 1},         // no QR prefix: not a scene
		{eventMsg(wechat.EventScan, "anything"), at(15, 10, 0), 4},
		{eventMsg(wechat.EventScan, "qrscene_x"), at(15, 10, 0), 4},
	}
	for _, tt := range tests {
		if got := ruleID(e.Decide(tt.msg, tt.now, cst)); got != tt.want {
			t.Errorf("%s %q at %v: rule %d, want %d", tt.msg.Event, tt.msg.EventKey, tt.now, got, tt.want)
		}
	}
}

func TestDecideClickPriority(t *testing.T) {
	click := func(id int64, prio int, hours *Hours) Rule {
		return Rule{ID: id, Trigger: TriggerClick, Keys: []string{"K"}, Priority: prio, Hours: hours, Replies: []wechat.Reply{textReply("c")}}
	}
	e := mustCompile(t, click(1, 0, nil), click(2, 1, &Hours{From: "09:00", To: "18:00"}))
	if got := ruleID(e.Decide(eventMsg(wechat.EventClick, "K"), at(15, 10, 0), cst)); got != 2 {
		t.Fatalf("in hours: rule %d, want 2", got)
	}
	if got := ruleID(e.Decide(eventMsg(wechat.EventClick, "K"), at(15, 19, 0), cst)); got != 1 {
		t.Fatalf("after hours: rule %d, want 1", got)
	}
}

func TestDecideHandoffFlag(t *testing.T) {
	r := keywordRule(1, 0, kw("help", MatchContains))
	r.Handoff = true
	e := mustCompile(t, r, keywordRule(2, 0, kw("hi", MatchExact)))
	if d := e.Decide(textMsg("help me"), at(15, 10, 0), cst); !d.Handoff || ruleID(d) != 1 {
		t.Fatalf("handoff rule: %+v", d)
	}
	if d := e.Decide(textMsg("hi"), at(15, 10, 0), cst); d.Handoff {
		t.Fatalf("answered message handed off: %+v", d)
	}
	if d := e.Decide(textMsg("nothing"), at(15, 10, 0), cst); d.Handoff != true || d.Matched || d.Version != 3 {
		t.Fatalf("unanswered message: %+v", d)
	}
}

func TestDecideTransferHandsOff(t *testing.T) {
	r := keywordRule(1, 0, kw("人工", MatchContains))
	r.Replies = []wechat.Reply{{Type: wechat.ReplyTransfer}}
	e := mustCompile(t, r)
	if d := e.Decide(textMsg("转人工"), at(15, 10, 0), cst); !d.Handoff || d.Reply.Type != wechat.ReplyTransfer {
		t.Fatalf("transfer reply: %+v", d)
	}
	if d := e.Decide(nil, at(15, 10, 0), cst); d.Matched || d.Version != 3 {
		t.Fatalf("nil message: %+v", d)
	}
}

func TestDecideEmptyEngine(t *testing.T) {
	e := mustCompile(t)
	if d := e.Decide(textMsg("hi"), at(15, 10, 0), cst); d.Matched || !d.Handoff {
		t.Fatalf("text: %+v", d)
	}
	if d := e.Decide(eventMsg(wechat.EventSubscribe, ""), at(15, 10, 0), cst); d.Matched || d.Handoff {
		t.Fatalf("follow: %+v", d)
	}
}

func TestDecideUsesLocation(t *testing.T) {
	r := keywordRule(1, 0, kw("hi", MatchExact))
	r.Hours = &Hours{From: "09:00", To: "18:00"}
	e := mustCompile(t, r)
	utc := time.Date(2025, 1, 15, 2, 0, 0, 0, time.UTC) // 10:00 in CST
	if !e.Decide(textMsg("hi"), utc, cst).Matched {
		t.Fatal("10:00 CST not in 09:00-18:00")
	}
	if e.Decide(textMsg("hi"), utc, time.UTC).Matched {
		t.Fatal("02:00 UTC in 09:00-18:00")
	}
	if e.Decide(textMsg("hi"), utc, nil).Matched {
		t.Fatal("nil location must use now's own (UTC)")
	}
}

func TestDecideRulePointsIntoEngineCopy(t *testing.T) {
	rs := &RuleSet{Version: 1, Rules: []Rule{keywordRule(1, 0, kw("hi", MatchExact))}}
	e, err := Compile(rs)
	if err != nil {
		t.Fatal(err)
	}
	rs.Rules[0].ID = 99
	rs.Rules[0].Keywords[0].Text = "changed"
	if d := e.Decide(textMsg("hi"), at(15, 10, 0), cst); ruleID(d) != 1 {
		t.Fatalf("engine saw the caller's change: %+v", d)
	}
	if got := e.Rules()[0].Keywords[0].Text; got != "hi" {
		t.Fatalf("engine's keyword changed to %q", got)
	}
}
