package autoreply

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Registry holds the compiled engine of every account and swaps it
// atomically when the rules change. The hot path (Engine of an account
// already loaded) takes no lock: one sync.Map read and one atomic load.
type Registry struct {
	store  Store
	logger *slog.Logger
	slots  sync.Map // account id → *slot
}

// slot is one account's engine; mu serialises the slow paths (load, save,
// rollback, invalidate) so that a stale load never overwrites a newer swap.
type slot struct {
	mu     sync.Mutex
	engine atomic.Pointer[Engine]
}

// NewRegistry builds a registry over store; a nil logger discards logs.
func NewRegistry(store Store, logger *slog.Logger) *Registry {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Registry{store: store, logger: logger}
}

func (g *Registry) slot(accountID int64) *slot {
	if s, ok := g.slots.Load(accountID); ok {
		return s.(*slot)
	}
	s, _ := g.slots.LoadOrStore(accountID, &slot{})
	return s.(*slot)
}

// Engine returns the account's engine, loading and compiling the active
// version on first use. An account without rules gets an empty engine that
// matches nothing.
func (g *Registry) Engine(ctx context.Context, accountID int64) (*Engine, error) {
	s := g.slot(accountID)
	if e := s.engine.Load(); e != nil {
		return e, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return g.loadLocked(ctx, s, accountID)
}

// loadLocked returns the slot's engine, loading it if needed; s.mu is held.
func (g *Registry) loadLocked(ctx context.Context, s *slot, accountID int64) (*Engine, error) {
	if e := s.engine.Load(); e != nil {
		return e, nil
	}
	rs, err := g.store.ActiveRuleSet(ctx, accountID)
	if errs.Is(err, errs.NotFound) {
		rs, err = &RuleSet{AccountID: accountID}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load rules of account %d: %w", accountID, err)
	}
	e, err := Compile(rs)
	if err != nil {
		return nil, fmt.Errorf("compile rules of account %d version %d: %w", accountID, rs.Version, err)
	}
	s.engine.Store(e)
	g.logger.Info("rule set loaded", "account_id", accountID, "version", e.version, "rules", len(e.rules))
	return e, nil
}

// Decide answers m for the account with its live engine; see Engine.Decide.
// Only loading the engine can fail.
func (g *Registry) Decide(ctx context.Context, accountID int64, m *wechat.Message, now time.Time, loc *time.Location) (Decision, error) {
	e, err := g.Engine(ctx, accountID)
	if err != nil {
		return Decision{}, err
	}
	return e.Decide(m, now, loc), nil
}

// Save compiles rs, stores it as the account's next version and makes it
// live. Rules without an id get one first (rs is updated in place, as are
// its Version and CreatedAt). An invalid set is refused with a
// *ValidationError and nothing is stored.
func (g *Registry) Save(ctx context.Context, rs *RuleSet) (*RuleSet, error) {
	if rs == nil {
		return nil, errs.Errorf(errs.Invalid, "rule set is missing (缺少规则集)")
	}
	s := g.slot(rs.AccountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	cur, err := g.loadLocked(ctx, s, rs.AccountID)
	if err != nil {
		return nil, fmt.Errorf("save rules: %w", err)
	}
	AssignIDs(rs, cur.MaxID())
	e, err := Compile(rs)
	if err != nil {
		return nil, fmt.Errorf("save rules of account %d: %w", rs.AccountID, err)
	}
	if err := g.store.SaveRuleSet(ctx, rs); err != nil {
		return nil, fmt.Errorf("save rules of account %d: %w", rs.AccountID, err)
	}
	e.version = rs.Version // e is not published yet
	s.engine.Store(e)
	g.logger.Info("rule set saved", "account_id", rs.AccountID, "version", rs.Version, "rules", len(rs.Rules))
	return rs, nil
}

// Rollback makes an earlier version active again and live. A version that
// no longer compiles is refused and nothing changes.
func (g *Registry) Rollback(ctx context.Context, accountID, version int64) error {
	s := g.slot(accountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	rs, err := g.store.RuleSetVersion(ctx, accountID, version)
	if err != nil {
		return fmt.Errorf("roll back account %d to version %d: %w", accountID, version, err)
	}
	e, err := Compile(rs)
	if err != nil {
		return fmt.Errorf("roll back account %d to version %d: %w", accountID, version, err)
	}
	if err := g.store.ActivateRuleSet(ctx, accountID, version); err != nil {
		return fmt.Errorf("roll back account %d to version %d: %w", accountID, version, err)
	}
	e.version = version
	s.engine.Store(e)
	g.logger.Info("rule set rolled back", "account_id", accountID, "version", version, "rules", len(rs.Rules))
	return nil
}

// Invalidate drops the account's engine, so the next Engine call reloads
// the active version; call it when another node changed the rules.
func (g *Registry) Invalidate(accountID int64) {
	s := g.slot(accountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.engine.Store(nil)
}
