package autoreply

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

func TestCompileRejects(t *testing.T) {
	ok := func() Rule { return keywordRule(7, 0, kw("门票", MatchContains)) }
	with := func(change func(r *Rule)) []Rule {
		r := ok()
		r.Name = "门票价格"
		change(&r)
		return []Rule{keywordRule(1, 0, kw("a", MatchExact)), r}
	}
	tests := []struct {
		name  string
		rules []Rule
		want  []string
	}{
		{"empty keyword", with(func(r *Rule) { r.Keywords[0].Text = " \u3000 " }), []string{"keyword 1 is empty", "关键词为空"}},
		{"unknown match", with(func(r *Rule) { r.Keywords[0].Match = "fuzzy" }), []string{`unknown match mode "fuzzy"`, "匹配方式"}},
		{"bad regex", with(func(r *Rule) { r.Keywords[0] = kw("订单(\\d+", MatchRegex) }), []string{"bad regular expression", "正则表达式无效"}},
		{"empty regex", with(func(r *Rule) { r.Keywords[0] = kw("", MatchRegex) }), []string{"regular expression is empty"}},
		{"long keyword", with(func(r *Rule) { r.Keywords[0].Text = strings.Repeat("票", 101) }), []string{"101 characters"}},
		{"no keywords", with(func(r *Rule) { r.Keywords = nil }), []string{"no keywords", "至少需要一个关键词"}},
		{"click without keys", with(func(r *Rule) { r.Trigger, r.Keywords = TriggerClick, nil }), []string{"click rule has no menu keys", "菜单"}},
		{"keywords on click", with(func(r *Rule) { r.Trigger, r.Keys = TriggerClick, []string{"K"} }), []string{"keywords are only for keyword rules"}},
		{"keys on keyword", with(func(r *Rule) { r.Keys = []string{"K"} }), []string{"keys are only for"}},
		{"empty key", with(func(r *Rule) { r.Trigger, r.Keywords, r.Keys = TriggerScan, nil, []string{" "} }), []string{"key 1 is empty"}},
		{"no replies", with(func(r *Rule) { r.Replies = nil }), []string{"no replies", "没有回复"}},
		{"bad hours", with(func(r *Rule) { r.Hours = &Hours{From: "9am", To: "18:00", Days: []int{9}} }), []string{"bad from time", "day 9"}},
		{"unknown trigger", with(func(r *Rule) { r.Trigger = "keywords" }), []string{`unknown trigger "keywords"`, "未知的触发方式"}},
		{"missing trigger", with(func(r *Rule) { r.Trigger = "" }), []string{`unknown trigger ""`}},
		{"unknown pick", with(func(r *Rule) { r.Pick = "all" }), []string{`unknown pick "all"`}},
		{"duplicate id", with(func(r *Rule) { r.ID = 1 }), []string{"duplicate rule id 1, also used by rule #1", "重复"}},
		{"no id", with(func(r *Rule) { r.ID = 0 }), []string{"rule has no id"}},
		{"unknown reply type", with(func(r *Rule) { r.Replies[0].Type = "gif" }), []string{`reply 1: unknown type "gif"`}},
		{"empty text reply", with(func(r *Rule) { r.Replies[0].Content = "\n" }), []string{"reply 1: text is empty", "文本内容为空"}},
		{"image without media", with(func(r *Rule) { r.Replies[0] = wechat.Reply{Type: wechat.ReplyImage} }), []string{"image reply needs a media_id"}},
		{"news without articles", with(func(r *Rule) { r.Replies[0] = wechat.Reply{Type: wechat.ReplyNews} }), []string{"1 to 8 articles, has 0"}},
		{"news with 9 articles", with(func(r *Rule) {
			r.Replies[0] = wechat.Reply{Type: wechat.ReplyNews, Articles: make([]wechat.Article, 9)}
		}), []string{"has 9", "article 9 has no title"}},
		{"music without url", with(func(r *Rule) { r.Replies[0] = wechat.Reply{Type: wechat.ReplyMusic} }), []string{"music_url"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(&RuleSet{Rules: tt.rules})
			if err == nil {
				t.Fatal("compiled")
			}
			if errs.CodeOf(err) != errs.Invalid {
				t.Fatalf("code %q, want invalid", errs.CodeOf(err))
			}
			msg := err.Error()
			for _, w := range append(tt.want, "rule #2", "第 2 条") {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q lacks %q", msg, w)
				}
			}
			if !strings.Contains(msg, `"门票价格"`) {
				t.Errorf("error %q does not name the rule", msg)
			}
		})
	}
}

func TestCompileListsEveryProblem(t *testing.T) {
	rules := []Rule{
		{ID: 1, Trigger: TriggerKeyword},
		{ID: 2, Trigger: TriggerClick, Replies: []wechat.Reply{textReply("x")}},
		keywordRule(3, 0, kw("fine", MatchExact)),
	}
	_, err := Compile(&RuleSet{Rules: rules})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	if len(ve.Problems) != 3 {
		t.Fatalf("%d problems, want 3: %v", len(ve.Problems), err)
	}
	if !strings.Contains(err.Error(), "3 problems (规则集有 3 处错误)") {
		t.Fatalf("summary missing: %v", err)
	}
	if ve.Problems[2].Index != 2 || ve.Problems[2].RuleID != 2 {
		t.Fatalf("third problem %+v, want rule #2", ve.Problems[2])
	}
}

func TestCompileAcceptsDisabledButValidates(t *testing.T) {
	r := keywordRule(1, 0, kw("(", MatchRegex))
	r.Disabled = true
	if _, err := Compile(&RuleSet{Rules: []Rule{r}}); err == nil {
		t.Fatal("a disabled rule with a bad regex compiled")
	}
	if _, err := Compile(nil); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("nil set: %v", err)
	}
}

func TestAssignIDs(t *testing.T) {
	rs := &RuleSet{Rules: []Rule{{ID: 0}, {ID: 5}, {ID: 0}, {ID: 2}}}
	if n := AssignIDs(rs, 0); n != 2 {
		t.Fatalf("assigned %d, want 2", n)
	}
	var got []int64
	for _, r := range rs.Rules {
		got = append(got, r.ID)
	}
	if want := []int64{6, 5, 7, 2}; !slices.Equal(got, want) {
		t.Fatalf("ids %v, want %v", got, want)
	}
	rs = &RuleSet{Rules: []Rule{{ID: 0}, {ID: 3}}}
	AssignIDs(rs, 40)
	if rs.Rules[0].ID != 41 || rs.Rules[1].ID != 3 {
		t.Fatalf("with floor 40: %d, %d", rs.Rules[0].ID, rs.Rules[1].ID)
	}
}
