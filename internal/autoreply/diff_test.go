package autoreply

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/wechat"
)

func TestDiffRules(t *testing.T) {
	base := Rule{ID: 1, Name: "价格", Trigger: TriggerKeyword, Priority: 5,
		Keywords: []Keyword{kw("价格", ""), kw("多少钱", MatchExact)},
		Replies:  []wechat.Reply{textReply("成人 ¥180")}}
	welcome := Rule{ID: 2, Name: "欢迎", Trigger: TriggerSubscribe, Replies: []wechat.Reply{textReply("欢迎")}}
	with := func(f func(r *Rule)) Rule {
		r := base
		r.Keywords = append([]Keyword(nil), base.Keywords...)
		r.Replies = append([]wechat.Reply(nil), base.Replies...)
		f(&r)
		return r
	}
	tests := []struct {
		name     string
		from, to []Rule
		want     []string // "kind id field…"
		fields   []FieldChange
	}{
		{"same", []Rule{base, welcome}, []Rule{welcome, base}, nil, nil},
		{"added and removed", []Rule{base, welcome}, []Rule{base, {ID: 3, Name: "新"}}, []string{"added 3", "removed 2"}, nil},
		{"draft rule without id", []Rule{base}, []Rule{base, {Name: "草稿"}}, []string{"added 0"}, nil},
		{"keyword added and mode changed",
			[]Rule{base}, []Rule{with(func(r *Rule) {
				r.Keywords = []Keyword{kw("价格", MatchContains), kw("多少钱", MatchContains), kw("票价", "")}
			})},
			[]string{"changed 1 keywords"},
			[]FieldChange{{Field: "keywords", Old: "价格 (contains), 多少钱 (exact)", New: "价格 (contains), 多少钱 (contains), 票价 (contains)",
				Added: []string{"多少钱 (contains)", "票价 (contains)"}, Removed: []string{"多少钱 (exact)"}}}},
		{"reply text", []Rule{base}, []Rule{with(func(r *Rule) { r.Replies[0].Content = "成人 ¥200" })},
			[]string{"changed 1 replies"},
			[]FieldChange{{Field: "replies", Old: "text: 成人 ¥180", New: "text: 成人 ¥200", Added: []string{"text: 成人 ¥200"}, Removed: []string{"text: 成人 ¥180"}}}},
		{"priority, hours and handoff", []Rule{base}, []Rule{with(func(r *Rule) {
			r.Priority, r.Handoff = 9, true
			r.Hours = &Hours{Days: []int{1, 2}, From: "09:00", To: "18:00", Outside: true}
		})},
			[]string{"changed 1 priority hours handoff"},
			[]FieldChange{{Field: "priority", Old: "5", New: "9"}, {Field: "hours", New: "outside 09:00-18:00 days=1,2"},
				{Field: "handoff", Old: "false", New: "true"}}},
		{"name, trigger, disabled, pick, keys", []Rule{welcome}, []Rule{{ID: 2, Name: "扫码", Trigger: TriggerScan, Keys: []string{"gate"},
			Disabled: true, Pick: PickRandom, Replies: welcome.Replies}},
			[]string{"changed 2 name trigger keys disabled pick"}, nil},
		{"empty pick is first", []Rule{welcome}, []Rule{func() Rule { r := welcome; r.Pick = PickFirst; return r }()}, nil, nil},
		{"article picture only", []Rule{{ID: 4, Replies: []wechat.Reply{{Type: "news", Articles: []wechat.Article{{Title: "t", PicURL: "a"}}}}}},
			[]Rule{{ID: 4, Replies: []wechat.Reply{{Type: "news", Articles: []wechat.Article{{Title: "t", PicURL: "b"}}}}}},
			[]string{"changed 4 replies"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			changes := DiffRules(tt.from, tt.to)
			var got []string
			for _, c := range changes {
				s := string(c.Kind) + " " + strconv.FormatInt(c.ID, 10)
				for _, f := range c.Fields {
					s += " " + f.Field
				}
				got = append(got, s)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("DiffRules = %q, want %q", got, tt.want)
			}
			if tt.fields != nil && !reflect.DeepEqual(changes[0].Fields, tt.fields) {
				t.Errorf("fields = %+v\nwant     %+v", changes[0].Fields, tt.fields)
			}
			if tt.name == "article picture only" && !strings.Contains(changes[0].Fields[0].New, `"pic_url":"b"`) {
				t.Errorf("a hidden detail is not shown: %+v", changes[0].Fields[0])
			}
		})
	}
}

func TestFormatHelpers(t *testing.T) {
	tests := []struct{ got, want string }{
		{FormatHours(nil), ""},
		{FormatHours(&Hours{From: "22:00", To: "02:00"}), "22:00-02:00"},
		{FormatKeyword(kw("Hi", MatchRegex)), "Hi (regex)"},
		{ReplySummary(textReply("你好")), "你好"},
		{ReplySummary(wechat.Reply{Type: "news", Articles: []wechat.Article{{Title: "A"}, {Title: "B"}}}), "[news ×2] A"},
		{ReplySummary(wechat.Reply{Type: "image", MediaID: "m1"}), "[image] m1"},
		{ReplySummary(wechat.Reply{Type: wechat.ReplyTransfer}), "[transfer_customer_service]"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestDiffVersions(t *testing.T) {
	from := &RuleSet{Version: 1, Note: "first", Rules: []Rule{
		{ID: 1, Name: "a", Trigger: TriggerKeyword, Keywords: []Keyword{kw("hi", "")}, Replies: []wechat.Reply{textReply("one")}},
		{ID: 2, Name: "b", Trigger: TriggerDefault, Replies: []wechat.Reply{textReply("dflt")}},
	}}
	to := &RuleSet{Version: 2, Note: "second", Rules: []Rule{
		{ID: 1, Name: "a", Trigger: TriggerKeyword, Keywords: []Keyword{kw("hi", "")}, Replies: []wechat.Reply{textReply("uno")}},
		{ID: 3, Name: "c", Trigger: TriggerLocation, Replies: []wechat.Reply{textReply("here")}},
	}}
	d, err := DiffVersions(from, to)
	if err != nil {
		t.Fatal(err)
	}
	if d.From != 1 || d.To != 2 || d.Added != 1 || d.Removed != 1 || d.Changed != 1 || d.Same() {
		t.Fatalf("diff = %+v", d)
	}
	text := Unified(d.Hunks)
	for _, want := range []string{"-version: 1", "+version: 2", "-        content: one", "+        content: uno", "+    name: c"} {
		if !strings.Contains(text, want) {
			t.Errorf("unified diff misses %q:\n%s", want, text)
		}
	}
	same, err := DiffVersions(from, from)
	if err != nil || !same.Same() || len(same.Hunks) != 0 {
		t.Errorf("a version against itself: %+v, %v", same, err)
	}
	if _, err := DiffVersions(nil, to); err == nil {
		t.Error("diff with a missing version did not fail")
	}
}
