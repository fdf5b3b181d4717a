package storetest

import (
	"reflect"
	"testing"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

func sampleRules(word string) []autoreply.Rule {
	return []autoreply.Rule{
		{ID: 1, Name: "欢迎", Trigger: autoreply.TriggerSubscribe, Replies: []wechat.Reply{{Type: "text", Content: "欢迎关注！"}}},
		{ID: 2, Name: "keyword " + word, Trigger: autoreply.TriggerKeyword, Priority: 5,
			Keywords: []autoreply.Keyword{{Text: word, Match: autoreply.MatchContains}},
			Hours:    &autoreply.Hours{Days: []int{1, 2, 3, 4, 5}, From: "09:00", To: "18:00"},
			Replies:  []wechat.Reply{{Type: "news", Articles: []wechat.Article{{Title: "价格", URL: "https://example.com/p"}}}},
			Pick:     autoreply.PickRandom, Handoff: true},
	}
}

func testRuleSets(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_rules").ID
	other := mustAccount(t, s, "wx_rules_other").ID
	_, err := s.ActiveRuleSet(ctx(t), acct)
	wantCode(t, "active before any save", err, errs.NotFound)

	saved := make(map[int64][]autoreply.Rule)
	for i, word := range []string{"价格", "price"} {
		rs := &autoreply.RuleSet{AccountID: acct, Rules: sampleRules(word), Note: "v" + word, Author: "ops"}
		if err := s.SaveRuleSet(ctx(t), rs); err != nil || rs.Version != int64(i+1) || rs.CreatedAt.IsZero() {
			t.Fatalf("SaveRuleSet #%d: %v, version %d", i+1, err, rs.Version)
		}
		saved[rs.Version] = rs.Rules
	}
	checkActive(t, s, acct, 2, saved[2])
	checkVersions(t, s, acct, []int64{2, 1}, 2)

	if err := s.ActivateRuleSet(ctx(t), acct, 1); err != nil {
		t.Fatalf("ActivateRuleSet(1): %v", err)
	}
	checkActive(t, s, acct, 1, saved[1])
	checkVersions(t, s, acct, []int64{2, 1}, 1)

	rs := &autoreply.RuleSet{AccountID: acct}
	if err := s.SaveRuleSet(ctx(t), rs); err != nil || rs.Version != 3 {
		t.Fatalf("save after rollback: %v, version %d; want 3", err, rs.Version)
	}
	checkVersions(t, s, acct, []int64{3, 2, 1}, 3)

	first := &autoreply.RuleSet{AccountID: other, Rules: sampleRules("x")}
	if err := s.SaveRuleSet(ctx(t), first); err != nil || first.Version != 1 {
		t.Errorf("first version of another account: %v, version %d; want 1", err, first.Version)
	}
	checkActive(t, s, acct, 3, nil)
	got, err := s.RuleSetVersion(ctx(t), acct, 2)
	if err != nil || !reflect.DeepEqual(got.Rules, saved[2]) || got.Note != "vprice" || got.Author != "ops" {
		t.Errorf("RuleSetVersion(2) = %+v, %v", got, err)
	}
	wantCode(t, "activate unknown version", s.ActivateRuleSet(ctx(t), acct, 99), errs.NotFound)
	wantCode(t, "unknown version", second(s.RuleSetVersion(ctx(t), acct, 99)), errs.NotFound)
	wantCode(t, "save for unknown account", s.SaveRuleSet(ctx(t), &autoreply.RuleSet{AccountID: other + 999}), errs.NotFound)
	checkActive(t, s, acct, 3, nil)
}

func checkActive(t *testing.T, s Store, acct, version int64, rules []autoreply.Rule) {
	t.Helper()
	rs, err := s.ActiveRuleSet(ctx(t), acct)
	if err != nil {
		t.Fatalf("ActiveRuleSet: %v", err)
	}
	if rs.Version != version || rs.AccountID != acct || len(rs.Rules) != len(rules) {
		t.Fatalf("active = version %d with %d rules, want version %d with %d", rs.Version, len(rs.Rules), version, len(rules))
	}
	if len(rules) > 0 && !reflect.DeepEqual(rs.Rules, rules) {
		t.Errorf("active rules = %+v\nwant %+v", rs.Rules, rules)
	}
}

func checkVersions(t *testing.T, s Store, acct int64, want []int64, active int64) {
	t.Helper()
	list, err := s.ListRuleSets(ctx(t), acct)
	if err != nil || len(list) != len(want) {
		t.Fatalf("ListRuleSets = %v, %v; want versions %v", list, err, want)
	}
	for i, v := range list {
		rules := 2
		if v.Version == 3 {
			rules = 0
		}
		if v.Version != want[i] || v.Active != (v.Version == active) || v.Rules != rules || v.CreatedAt.IsZero() {
			t.Errorf("version %d: %+v (want active=%v, %d rules)", want[i], v, v.Version == active, rules)
		}
	}
}
