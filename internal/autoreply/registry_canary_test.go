package autoreply

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"unicode"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

func hasChinese(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// hiSet is a one-rule set answering "hi" with reply.
func hiSet(accountID int64, reply string) *RuleSet {
	return &RuleSet{AccountID: accountID, Rules: []Rule{{Trigger: TriggerKeyword,
		Keywords: []Keyword{kw("hi", MatchExact)}, Replies: []wechat.Reply{textReply(reply)}}}}
}

// answer decides "hi" from openid through the registry.
func answer(t *testing.T, g *Registry, accountID int64, openid string) Decision {
	t.Helper()
	m := textMsg("hi")
	m.FromUserName = openid
	d, err := g.Decide(context.Background(), accountID, m, at(15, 10, 0), cst)
	if err != nil {
		t.Fatalf("decide: %v", err)
	}
	return d
}

// openidIn finds an openid whose bucket is (or is not) below percent.
func openidIn(percent int, inside bool) string {
	for i := 0; ; i++ {
		id := fmt.Sprintf("o_probe_%d", i)
		if (CanaryBucket(id) < percent) == inside {
			return id
		}
	}
}

func TestRegistryCanaryLifecycle(t *testing.T) {
	ctx := context.Background()
	store := newMemStore()
	g := NewRegistry(store, nil)
	if _, err := g.Save(ctx, hiSet(1, "stable")); err != nil {
		t.Fatal(err)
	}
	rs, c, err := g.SaveCanary(ctx, hiSet(1, "trial"), Canary{Percent: 20, OpenIDs: []string{"o_tester"}, Author: "ops"})
	if err != nil {
		t.Fatalf("save canary: %v", err)
	}
	if rs.Version != 2 || c.Version != 2 || c.StartedAt.IsZero() || rs.Rules[0].ID != 2 {
		t.Fatalf("canary saved as version %d (canary %+v, rule id %d)", rs.Version, c, rs.Rules[0].ID)
	}
	inside, outside := openidIn(20, true), openidIn(20, false)
	for range 3 { // the same follower always gets the same side
		for _, tc := range []struct {
			openid, reply string
			version       int64
		}{{"o_tester", "trial", 2}, {inside, "trial", 2}, {outside, "stable", 1}} {
			if d := answer(t, g, 1, tc.openid); d.Reply.Content != tc.reply || d.Version != tc.version {
				t.Fatalf("%s got %q from version %d, want %q from %d", tc.openid, d.Reply.Content, d.Version, tc.reply, tc.version)
			}
		}
	}
	if e, _ := g.Engine(ctx, 1); e.Version() != 1 {
		t.Errorf("Engine (the active one) is version %d, want 1", e.Version())
	}
	live, err := g.Live(ctx, 1)
	if err != nil || live.Active.Version() != 1 || live.Canary.Version() != 2 || live.Trial.Percent != 20 {
		t.Fatalf("Live = %+v, %v", live, err)
	}

	// Another node (or a restart) sees the same split from the store.
	fresh := NewRegistry(store, nil)
	if d := answer(t, fresh, 1, inside); d.Version != 2 {
		t.Errorf("after a reload %s got version %d, want the canary", inside, d.Version)
	}
	if d := answer(t, fresh, 1, outside); d.Version != 1 {
		t.Errorf("after a reload %s got version %d, want the active one", outside, d.Version)
	}

	v, err := g.PromoteCanary(ctx, 1)
	if err != nil || v != 2 {
		t.Fatalf("promote = %d, %v", v, err)
	}
	if d := answer(t, g, 1, outside); d.Version != 2 || d.Reply.Content != "trial" {
		t.Errorf("after promote %s got %+v", outside, d)
	}
	if _, err := g.PromoteCanary(ctx, 1); !errs.Is(err, errs.NotFound) {
		t.Errorf("promote without a canary: %v", err)
	}
	if err := g.StopCanary(ctx, 1); !errs.Is(err, errs.NotFound) {
		t.Errorf("stop without a canary: %v", err)
	}
	if _, err := g.CanaryStatus(ctx, 1); !errs.Is(err, errs.NotFound) {
		t.Errorf("status without a canary: %v", err)
	}
}

func TestRegistryCanaryStopAndEnds(t *testing.T) {
	ctx := context.Background()
	store := newMemStore()
	g := NewRegistry(store, nil)
	for _, r := range []string{"one", "two", "three"} {
		if _, err := g.Save(ctx, hiSet(1, r)); err != nil {
			t.Fatal(err)
		}
	}
	// An earlier version as the canary for one tester.
	if _, err := g.StartCanary(ctx, Canary{AccountID: 1, Version: 1, OpenIDs: []string{"o_t"}}); err != nil {
		t.Fatalf("start canary: %v", err)
	}
	if d := answer(t, g, 1, "o_t"); d.Reply.Content != "one" {
		t.Fatalf("tester got %q", d.Reply.Content)
	}
	if d := answer(t, g, 1, "o_other"); d.Reply.Content != "three" {
		t.Fatalf("others got %q", d.Reply.Content)
	}
	if err := g.StopCanary(ctx, 1); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if d := answer(t, g, 1, "o_t"); d.Reply.Content != "three" {
		t.Fatalf("after stop the tester got %q", d.Reply.Content)
	}
	tests := []struct {
		name string
		end  func() error
		want string
	}{
		{"rollback ends the canary", func() error { return g.Rollback(ctx, 1, 2) }, "two"},
		{"save ends the canary", func() error { _, err := g.Save(ctx, hiSet(1, "four")); return err }, "four"},
	}
	for _, tt := range tests {
		if _, err := g.StartCanary(ctx, Canary{AccountID: 1, Version: 1, Percent: 100}); err != nil {
			t.Fatalf("%s: start: %v", tt.name, err)
		}
		if err := tt.end(); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if d := answer(t, g, 1, "o_t"); d.Reply.Content != tt.want {
			t.Errorf("%s: tester got %q, want %q", tt.name, d.Reply.Content, tt.want)
		}
		if _, err := store.RuleCanary(ctx, 1); !errs.Is(err, errs.NotFound) {
			t.Errorf("%s: the store still has a canary", tt.name)
		}
	}
}

func TestRegistryCanaryRefused(t *testing.T) {
	ctx := context.Background()
	store := newMemStore()
	g := NewRegistry(store, nil)
	if _, err := g.Save(ctx, hiSet(1, "one")); err != nil {
		t.Fatal(err)
	}
	bad := &RuleSet{AccountID: 1, Rules: []Rule{{Trigger: TriggerKeyword, Replies: []wechat.Reply{textReply("x")}}}}
	tests := []struct {
		name string
		run  func() error
		code errs.Code
	}{
		{"invalid rules", func() error { _, _, err := g.SaveCanary(ctx, bad, Canary{Percent: 5}); return err }, errs.Invalid},
		{"nobody on the canary", func() error { _, _, err := g.SaveCanary(ctx, hiSet(1, "x"), Canary{}); return err }, errs.Invalid},
		{"nil set", func() error { _, _, err := g.SaveCanary(ctx, nil, Canary{Percent: 5}); return err }, errs.Invalid},
		{"active version", func() error { _, err := g.StartCanary(ctx, Canary{AccountID: 1, Version: 1, Percent: 5}); return err }, errs.Conflict},
		{"unknown version", func() error { _, err := g.StartCanary(ctx, Canary{AccountID: 1, Version: 7, Percent: 5}); return err }, errs.NotFound},
		{"bad percent", func() error { _, err := g.StartCanary(ctx, Canary{AccountID: 1, Version: 1, Percent: 500}); return err }, errs.Invalid},
	}
	for _, tt := range tests {
		if err := tt.run(); errs.CodeOf(err) != tt.code {
			t.Errorf("%s: %v, want code %q", tt.name, err, tt.code)
		}
	}
	if store.count(1) != 1 {
		t.Errorf("refused canaries stored versions: %d", store.count(1))
	}
	if d := answer(t, g, 1, openidIn(5, true)); d.Version != 1 {
		t.Errorf("a refused canary serves version %d", d.Version)
	}
}

func TestRegistryCanaryIDsAndStatus(t *testing.T) {
	ctx := context.Background()
	store := newMemStore()
	g := NewRegistry(store, nil)
	if _, err := g.Save(ctx, hiSet(1, "one")); err != nil {
		t.Fatal(err)
	}
	two := hiSet(1, "two")
	two.Rules = append(two.Rules, Rule{Trigger: TriggerDefault, Replies: []wechat.Reply{textReply("d")}})
	if _, _, err := g.SaveCanary(ctx, two, Canary{Percent: 50}); err != nil {
		t.Fatal(err)
	}
	// A third version as the new canary: its new rule must not take an id
	// the running canary already uses.
	three := hiSet(1, "three")
	if _, _, err := g.SaveCanary(ctx, three, Canary{Percent: 50}); err != nil {
		t.Fatal(err)
	}
	if three.Rules[0].ID != 4 {
		t.Errorf("new rule got id %d, want 4 (above the canary's 3)", three.Rules[0].ID)
	}
	store.mu.Lock()
	store.replies[1] = map[int64]int64{1: 40, 2: 7, 3: 12}
	store.mu.Unlock()
	st, err := g.CanaryStatus(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if st.Version != 3 || st.ActiveVersion != 1 || st.ActiveReplies != 40 || st.CanaryReplies != 12 || st.Percent != 50 {
		t.Errorf("status = %+v", st)
	}
	list, err := g.RuleSet(ctx, 1, 0)
	if err != nil || list.Version != 1 {
		t.Errorf("RuleSet(0) = %+v, %v", list, err)
	}
	if empty, err := g.RuleSet(ctx, 9, 0); err != nil || len(empty.Rules) != 0 {
		t.Errorf("RuleSet of an account without rules = %+v, %v", empty, err)
	}
}

// TestRegistryCanaryConcurrent decides for many followers while canaries
// start, stop and get promoted; run with -race.
func TestRegistryCanaryConcurrent(t *testing.T) {
	ctx := context.Background()
	g := NewRegistry(newMemStore(), nil)
	if _, err := g.Save(ctx, &RuleSet{AccountID: 1, Rules: []Rule{keywordRule(1, 0, kw("hi", MatchExact))}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				m := textMsg("hi")
				m.FromUserName = fmt.Sprintf("o_%d_%d", w, i%50)
				d, err := g.Decide(ctx, 1, m, at(15, 10, 0), cst)
				if err != nil || !d.Matched {
					t.Errorf("decide: %+v, %v", d, err)
					return
				}
			}
		})
	}
	for v := int64(2); v <= 12; v++ {
		rs := &RuleSet{AccountID: 1, Rules: []Rule{keywordRule(v, 0, kw("hi", MatchExact))}}
		if _, _, err := g.SaveCanary(ctx, rs, Canary{Percent: int(v * 8)}); err != nil {
			t.Fatal(err)
		}
		if v%3 == 0 {
			if _, err := g.PromoteCanary(ctx, 1); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(stop)
	wg.Wait()
}

// TestEngineForDoesNotAllocate keeps the per-follower pick on the hot path
// free of allocations while a canary runs.
func TestEngineForDoesNotAllocate(t *testing.T) {
	ctx := context.Background()
	g := NewRegistry(newMemStore(), nil)
	if _, err := g.Save(ctx, hiSet(4242, "a")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := g.SaveCanary(ctx, hiSet(4242, "b"), Canary{Percent: 10, OpenIDs: []string{"o_t"}}); err != nil {
		t.Fatal(err)
	}
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := g.EngineFor(ctx, 4242, "oAbCdEfGhIjKlMnOpQrStUvWxYz0"); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("EngineFor allocates %.1f times per call", allocs)
	}
}

func BenchmarkRegistryEngineForCanary(b *testing.B) {
	ctx := context.Background()
	g := NewRegistry(newMemStore(), nil)
	if _, err := g.Save(ctx, hiSet(1, "a")); err != nil {
		b.Fatal(err)
	}
	if _, _, err := g.SaveCanary(ctx, hiSet(1, "b"), Canary{Percent: 10, OpenIDs: []string{"o_t"}}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := g.EngineFor(ctx, 1, "oAbCdEfGhIjKlMnOpQrStUvWxYz0"); err != nil {
			b.Fatal(err)
		}
	}
}
