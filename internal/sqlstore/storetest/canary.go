package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// testRuleCanary covers the one canary an account may run: saving a version
// as the canary, starting an old one, promote, stop, and how activating any
// version ends it.
func testRuleCanary(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_canary").ID
	v1 := &autoreply.RuleSet{AccountID: acct, Rules: sampleRules("价格"), Author: "ops"}
	if err := s.SaveRuleSet(ctx(t), v1); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "canary before any", second(s.RuleCanary(ctx(t), acct)), errs.NotFound)

	v2 := &autoreply.RuleSet{AccountID: acct, Rules: sampleRules("price"), Note: "trial"}
	c := &autoreply.Canary{Percent: 10, OpenIDs: []string{"o_tester", "o_boss"}, Author: "alice"}
	if err := s.SaveCanaryRuleSet(ctx(t), v2, c); err != nil {
		t.Fatalf("SaveCanaryRuleSet: %v", err)
	}
	if v2.Version != 2 || c.Version != 2 || c.AccountID != acct || !c.StartedAt.Equal(v2.CreatedAt) {
		t.Fatalf("canary saved as version %d, canary %+v", v2.Version, c)
	}
	checkActive(t, s, acct, 1, v1.Rules)
	checkCanary(t, s, acct, c)
	checkMarks(t, s, acct, 1, 2)

	t.Run("a new canary replaces the running one", func(t *testing.T) {
		v3 := &autoreply.RuleSet{AccountID: acct, Rules: sampleRules("票价")}
		c3 := &autoreply.Canary{Percent: 50}
		if err := s.SaveCanaryRuleSet(ctx(t), v3, c3); err != nil || v3.Version != 3 {
			t.Fatalf("second canary: %v, version %d", err, v3.Version)
		}
		checkCanary(t, s, acct, c3)
		back := &autoreply.Canary{AccountID: acct, Version: 2, OpenIDs: []string{"o_tester"}}
		if err := s.StartRuleCanary(ctx(t), back); err != nil || back.StartedAt.IsZero() {
			t.Fatalf("StartRuleCanary(2): %v, %+v", err, back)
		}
		checkCanary(t, s, acct, back)
		checkMarks(t, s, acct, 1, 2)
	})
	t.Run("refused", func(t *testing.T) {
		wantCode(t, "active version as canary", s.StartRuleCanary(ctx(t), &autoreply.Canary{AccountID: acct, Version: 1, Percent: 5}), errs.Conflict)
		wantCode(t, "unknown version as canary", s.StartRuleCanary(ctx(t), &autoreply.Canary{AccountID: acct, Version: 99, Percent: 5}), errs.NotFound)
		wantCode(t, "unknown account", s.StartRuleCanary(ctx(t), &autoreply.Canary{AccountID: acct + 999, Version: 1, Percent: 5}), errs.NotFound)
		wantCode(t, "canary set for unknown account", s.SaveCanaryRuleSet(ctx(t), &autoreply.RuleSet{AccountID: acct + 999}, &autoreply.Canary{Percent: 5}), errs.NotFound)
		checkMarks(t, s, acct, 1, 2)
	})
	t.Run("promote", func(t *testing.T) {
		v, err := s.PromoteRuleCanary(ctx(t), acct)
		if err != nil || v != 2 {
			t.Fatalf("PromoteRuleCanary = %d, %v", v, err)
		}
		checkActive(t, s, acct, 2, v2.Rules)
		checkMarks(t, s, acct, 2, 0)
		wantCode(t, "promote again", second(s.PromoteRuleCanary(ctx(t), acct)), errs.NotFound)
	})
	t.Run("stop", func(t *testing.T) {
		if err := s.StartRuleCanary(ctx(t), &autoreply.Canary{AccountID: acct, Version: 3, Percent: 20}); err != nil {
			t.Fatal(err)
		}
		if err := s.StopRuleCanary(ctx(t), acct); err != nil {
			t.Fatalf("StopRuleCanary: %v", err)
		}
		checkMarks(t, s, acct, 2, 0)
		wantCode(t, "stop again", s.StopRuleCanary(ctx(t), acct), errs.NotFound)
	})
	t.Run("activating a version ends the canary", func(t *testing.T) {
		activate := []func() error{
			func() error { return s.ActivateRuleSet(ctx(t), acct, 1) },
			func() error {
				return s.SaveRuleSet(ctx(t), &autoreply.RuleSet{AccountID: acct, Rules: sampleRules("x")})
			},
		}
		for i, fn := range activate {
			if err := s.StartRuleCanary(ctx(t), &autoreply.Canary{AccountID: acct, Version: 3, Percent: 20}); err != nil {
				t.Fatalf("#%d start: %v", i, err)
			}
			if err := fn(); err != nil {
				t.Fatalf("#%d activate: %v", i, err)
			}
			wantCode(t, "canary after activating", second(s.RuleCanary(ctx(t), acct)), errs.NotFound)
		}
	})
}

// checkCanary asserts the stored canary equals want.
func checkCanary(t *testing.T, s Store, acct int64, want *autoreply.Canary) {
	t.Helper()
	got, err := s.RuleCanary(ctx(t), acct)
	if err != nil {
		t.Fatalf("RuleCanary: %v", err)
	}
	if len(want.OpenIDs) == 0 && len(got.OpenIDs) == 0 {
		got.OpenIDs = want.OpenIDs
	}
	if got.AccountID != acct || got.Version != want.Version || got.Percent != want.Percent || got.Author != want.Author ||
		!reflect.DeepEqual(got.OpenIDs, want.OpenIDs) || !got.StartedAt.Equal(want.StartedAt) {
		t.Errorf("canary = %+v\nwant %+v", got, want)
	}
}

// checkMarks asserts which version ListRuleSets marks active and canary (0: none).
func checkMarks(t *testing.T, s Store, acct, active, canary int64) {
	t.Helper()
	list, err := s.ListRuleSets(ctx(t), acct)
	if err != nil {
		t.Fatalf("ListRuleSets: %v", err)
	}
	for _, v := range list {
		if v.Active != (v.Version == active) || v.Canary != (v.Version == canary) {
			t.Errorf("version %d: active %v canary %v; want active %d, canary %d", v.Version, v.Active, v.Canary, active, canary)
		}
	}
}

// testRuleVersionReplies counts automatic replies by rule version.
func testRuleVersionReplies(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_canary_replies").ID
	other := mustAccount(t, s, "wx_canary_other").ID
	for i, spec := range []struct {
		acct    int64
		version int64
		at      time.Duration
	}{{acct, 3, 0}, {acct, 3, time.Hour}, {acct, 4, time.Hour}, {acct, 4, 2 * time.Hour}, {acct, 3, 3 * time.Hour}, {other, 4, time.Hour}} {
		in := text(spec.acct, "o_r", int64(500+i), "hi", base.Add(spec.at))
		in.Reply.Source.RuleVersion = spec.version
		mustCommit(t, s, in)
	}
	noRule := text(acct, "o_r", 600, "agent", base.Add(time.Hour))
	noRule.Reply.Source.RuleVersion, noRule.Reply.Source.RuleID = 0, 0
	mustCommit(t, s, noRule)
	got, err := s.RuleVersionReplies(ctx(t), acct, base.Add(time.Hour))
	if want := map[int64]int64{3: 2, 4: 2}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("RuleVersionReplies = %v, %v; want %v", got, err, want)
	}
	none, err := s.RuleVersionReplies(ctx(t), acct, base.Add(24*time.Hour))
	if err != nil || len(none) != 0 {
		t.Errorf("RuleVersionReplies after the last reply = %v, %v", none, err)
	}
}
