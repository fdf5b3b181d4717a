package autoreply

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// memStore is an in-memory Store for the registry's tests; the SQL stores
// run their own contract suite.
type memStore struct {
	mu       sync.Mutex
	versions map[int64][]RuleSet // account → versions, index = version-1
	active   map[int64]int64
	canaries map[int64]Canary
	replies  map[int64]map[int64]int64 // account → version → replies
	loads    int
	fail     error
}

func newMemStore() *memStore {
	return &memStore{versions: map[int64][]RuleSet{}, active: map[int64]int64{}, canaries: map[int64]Canary{},
		replies: map[int64]map[int64]int64{}}
}

func (s *memStore) SaveRuleSet(_ context.Context, rs *RuleSet) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	rs.Version = int64(len(s.versions[rs.AccountID]) + 1)
	rs.CreatedAt = time.Now().UTC()
	s.versions[rs.AccountID] = append(s.versions[rs.AccountID], *rs)
	s.active[rs.AccountID] = rs.Version
	delete(s.canaries, rs.AccountID)
	return nil
}

func (s *memStore) ActivateRuleSet(_ context.Context, accountID, version int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if version < 1 || version > int64(len(s.versions[accountID])) {
		return errs.Errorf(errs.NotFound, "no version %d", version)
	}
	s.active[accountID] = version
	delete(s.canaries, accountID)
	return nil
}

func (s *memStore) ActiveRuleSet(ctx context.Context, accountID int64) (*RuleSet, error) {
	s.mu.Lock()
	v, fail := s.active[accountID], s.fail
	s.loads++
	s.mu.Unlock()
	if fail != nil {
		return nil, fail
	}
	if v == 0 {
		return nil, errs.Errorf(errs.NotFound, "no rules")
	}
	return s.RuleSetVersion(ctx, accountID, v)
}

func (s *memStore) RuleSetVersion(_ context.Context, accountID, version int64) (*RuleSet, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if version < 1 || version > int64(len(s.versions[accountID])) {
		return nil, errs.Errorf(errs.NotFound, "no version %d", version)
	}
	rs := s.versions[accountID][version-1]
	rs.Rules = cloneRules(rs.Rules)
	return &rs, nil
}

func (s *memStore) ListRuleSets(context.Context, int64) ([]VersionInfo, error) {
	return nil, errors.New("not needed")
}

func (s *memStore) count(accountID int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.versions[accountID])
}

func decideText(t *testing.T, g *Registry, accountID int64, text string) Decision {
	t.Helper()
	e, err := g.Engine(context.Background(), accountID)
	if err != nil {
		t.Fatalf("engine: %v", err)
	}
	return e.Decide(textMsg(text), at(15, 10, 0), cst)
}

func TestRegistryLifecycle(t *testing.T) {
	ctx := context.Background()
	store := newMemStore()
	g := NewRegistry(store, nil)
	if d := decideText(t, g, 1, "hi"); d.Matched || d.Version != 0 {
		t.Fatalf("account without rules: %+v", d)
	}
	v1, err := g.Save(ctx, &RuleSet{AccountID: 1, Rules: []Rule{{Trigger: TriggerKeyword, Keywords: []Keyword{kw("hi", MatchExact)}, Replies: []wechat.Reply{textReply("v1")}}}})
	if err != nil {
		t.Fatalf("save v1: %v", err)
	}
	if v1.Version != 1 || v1.Rules[0].ID != 1 {
		t.Fatalf("v1 stored as version %d with rule id %d", v1.Version, v1.Rules[0].ID)
	}
	if d := decideText(t, g, 1, "hi"); d.Reply.Content != "v1" || d.Version != 1 || ruleID(d) != 1 {
		t.Fatalf("after save: %+v", d)
	}
	v2 := &RuleSet{AccountID: 1, Rules: []Rule{{Trigger: TriggerKeyword, Keywords: []Keyword{kw("hi", MatchExact)}, Replies: []wechat.Reply{textReply("v2")}}}}
	if _, err := g.Save(ctx, v2); err != nil {
		t.Fatalf("save v2: %v", err)
	}
	if d := decideText(t, g, 1, "hi"); d.Reply.Content != "v2" || d.Version != 2 || ruleID(d) != 2 {
		t.Fatalf("new rule must not reuse the old id: %+v", d)
	}
	if err := g.Rollback(ctx, 1, 1); err != nil {
		t.Fatalf("rollback: %v", err)
	}
	if d := decideText(t, g, 1, "hi"); d.Reply.Content != "v1" || d.Version != 1 {
		t.Fatalf("after rollback: %+v", d)
	}
	if err := g.Rollback(ctx, 1, 9); !errs.Is(err, errs.NotFound) {
		t.Fatalf("rollback to a missing version: %v", err)
	}
	if d := decideText(t, g, 2, "hi"); d.Matched {
		t.Fatalf("account 2 sees account 1's rules: %+v", d)
	}
	d, err := g.Decide(ctx, 1, textMsg("hi"), at(15, 10, 0), cst)
	if err != nil || d.Reply.Content != "v1" {
		t.Fatalf("registry decide: %+v, %v", d, err)
	}
}

func TestRegistryRefusesInvalidSet(t *testing.T) {
	store := newMemStore()
	g := NewRegistry(store, nil)
	bad := &RuleSet{AccountID: 1, Rules: []Rule{{Trigger: TriggerKeyword, Keywords: []Keyword{kw("(", MatchRegex)}, Replies: []wechat.Reply{textReply("x")}}}}
	_, err := g.Save(context.Background(), bad)
	var ve *ValidationError
	if !errors.As(err, &ve) || errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("save of a bad set: %v", err)
	}
	if store.count(1) != 0 {
		t.Fatal("an invalid set was stored")
	}
	if _, err := g.Save(context.Background(), nil); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("nil set: %v", err)
	}
}

func TestRegistryCachesAndInvalidates(t *testing.T) {
	ctx := context.Background()
	store := newMemStore()
	g := NewRegistry(store, nil)
	for range 5 {
		decideText(t, g, 1, "hi")
	}
	if store.loads != 1 {
		t.Fatalf("%d loads, want 1 (cached)", store.loads)
	}
	// Another node saves; this one learns through Invalidate.
	other := NewRegistry(store, nil)
	if _, err := other.Save(ctx, &RuleSet{AccountID: 1, Rules: []Rule{keywordRule(1, 0, kw("hi", MatchExact))}}); err != nil {
		t.Fatal(err)
	}
	if d := decideText(t, g, 1, "hi"); d.Matched {
		t.Fatal("stale engine should still be cached before Invalidate")
	}
	g.Invalidate(1)
	if d := decideText(t, g, 1, "hi"); !d.Matched || d.Version != 1 {
		t.Fatalf("after invalidate: %+v", d)
	}
}

func TestRegistryStoreErrors(t *testing.T) {
	store := newMemStore()
	store.fail = errors.New("disk on fire")
	g := NewRegistry(store, nil)
	if _, err := g.Engine(context.Background(), 1); err == nil || !errors.Is(err, store.fail) {
		t.Fatalf("engine with a failing store: %v", err)
	}
	store.fail = nil
	if _, err := g.Engine(context.Background(), 1); err != nil {
		t.Fatalf("engine after the store recovered: %v", err)
	}
}

// TestRegistryConcurrent runs deciders against saves; run with -race.
func TestRegistryConcurrent(t *testing.T) {
	ctx := context.Background()
	g := NewRegistry(newMemStore(), nil)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				e, err := g.Engine(ctx, 1)
				if err != nil {
					t.Error(err)
					return
				}
				d := e.Decide(textMsg("hi"), at(15, 10, 0), cst)
				if d.Matched && d.Reply.Content != "r"+string(rune('0'+d.Version%10)) {
					t.Errorf("version %d answered %q", d.Version, d.Reply.Content)
					return
				}
			}
		})
	}
	for v := int64(1); v <= 20; v++ {
		r := keywordRule(v, 0, kw("hi", MatchExact))
		if _, err := g.Save(ctx, &RuleSet{AccountID: 1, Rules: []Rule{r}}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if e, _ := g.Engine(ctx, 1); e.Version() != 20 {
		t.Fatalf("final version %d, want 20", e.Version())
	}
}
