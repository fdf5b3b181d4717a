package autoreply

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Registry holds the compiled engines of every account and swaps them
// atomically when the rules change. The hot path (the engine of an account
// already loaded) takes no lock: one sync.Map read and one atomic load, plus
// a hash of the openid while a canary runs.
type Registry struct {
	store  Store
	logger *slog.Logger
	slots  sync.Map // account id → *slot
}

// slot is one account's live set; mu serialises the slow paths (load, save,
// rollback, canary changes, invalidate) so that a stale load never
// overwrites a newer swap.
type slot struct {
	mu   sync.Mutex
	live atomic.Pointer[liveSet]
}

// liveSet is what answers an account's followers: the active engine and,
// during a canary, the canary's engine and split. It is immutable.
type liveSet struct {
	active *Engine
	canary *Engine // nil: no canary
	trial  *Canary // the canary's settings, nil without one
	split  split
}

func (l *liveSet) engineFor(openid string) *Engine {
	if l.canary != nil && l.split.includes(openid) {
		return l.canary
	}
	return l.active
}

// Live is what answers an account's followers right now.
type Live struct {
	Active *Engine
	Canary *Engine // nil without a canary
	Trial  *Canary // the canary's settings (a copy); nil without one
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

// live returns the account's live set, loading it on first use.
func (g *Registry) live(ctx context.Context, accountID int64) (*liveSet, error) {
	s := g.slot(accountID)
	if l := s.live.Load(); l != nil {
		return l, nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return g.loadLocked(ctx, s, accountID)
}

// Engine returns the account's active engine, loading and compiling the
// active version on first use. An account without rules gets an empty
// engine that matches nothing. Deciding for a follower: use EngineFor.
func (g *Registry) Engine(ctx context.Context, accountID int64) (*Engine, error) {
	l, err := g.live(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return l.active, nil
}

// EngineFor returns the engine that answers this follower: the canary's
// when a canary runs and includes them, the active one otherwise.
func (g *Registry) EngineFor(ctx context.Context, accountID int64, openid string) (*Engine, error) {
	l, err := g.live(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return l.engineFor(openid), nil
}

// Live returns the account's active and canary engines.
func (g *Registry) Live(ctx context.Context, accountID int64) (Live, error) {
	l, err := g.live(ctx, accountID)
	if err != nil {
		return Live{}, err
	}
	out := Live{Active: l.active, Canary: l.canary}
	if l.trial != nil {
		c := *l.trial
		c.OpenIDs = slices.Clone(c.OpenIDs)
		out.Trial = &c
	}
	return out, nil
}

// loadLocked returns the slot's live set, loading it if needed; s.mu is held.
func (g *Registry) loadLocked(ctx context.Context, s *slot, accountID int64) (*liveSet, error) {
	if l := s.live.Load(); l != nil {
		return l, nil
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
	l := &liveSet{active: e}
	if err := g.loadCanary(ctx, accountID, l); err != nil {
		return nil, err
	}
	s.live.Store(l)
	g.logger.Info("rule set loaded", "account_id", accountID, "version", e.version, "rules", len(e.rules),
		"canary_version", l.canaryVersion())
	return l, nil
}

// loadCanary adds the account's running canary to l. A canary version that
// no longer compiles is logged and left out: everyone gets the active one.
func (g *Registry) loadCanary(ctx context.Context, accountID int64, l *liveSet) error {
	c, err := g.store.RuleCanary(ctx, accountID)
	if errs.Is(err, errs.NotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("load canary of account %d: %w", accountID, err)
	}
	rs, err := g.store.RuleSetVersion(ctx, accountID, c.Version)
	if err != nil {
		return fmt.Errorf("load canary of account %d: %w", accountID, err)
	}
	e, err := Compile(rs)
	if err != nil {
		g.logger.Error("canary rule set does not compile; serving the active one only",
			"account_id", accountID, "version", c.Version, "error", err.Error())
		return nil
	}
	l.canary, l.trial, l.split = e, c, newSplit(c)
	return nil
}

func (l *liveSet) canaryVersion() int64 {
	if l.canary == nil {
		return 0
	}
	return l.canary.version
}

// Decide answers m for the account with the engine that serves its sender
// (see EngineFor and Engine.Decide). Only loading the engines can fail.
func (g *Registry) Decide(ctx context.Context, accountID int64, m *wechat.Message, now time.Time, loc *time.Location) (Decision, error) {
	openid := ""
	if m != nil {
		openid = m.FromUserName
	}
	e, err := g.EngineFor(ctx, accountID, openid)
	if err != nil {
		return Decision{}, err
	}
	return e.Decide(m, now, loc), nil
}

// Save compiles rs, stores it as the account's next version and makes it
// live for everyone, ending any canary. Rules without an id get one first
// (rs is updated in place, as are its Version and CreatedAt). An invalid
// set is refused with a *ValidationError and nothing is stored.
func (g *Registry) Save(ctx context.Context, rs *RuleSet) (*RuleSet, error) {
	if rs == nil {
		return nil, errs.Errorf(errs.Invalid, "rule set is missing (缺少规则集)")
	}
	s := g.slot(rs.AccountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := g.prepareLocked(ctx, s, rs)
	if err != nil {
		return nil, fmt.Errorf("save rules of account %d: %w", rs.AccountID, err)
	}
	if err := g.store.SaveRuleSet(ctx, rs); err != nil {
		return nil, fmt.Errorf("save rules of account %d: %w", rs.AccountID, err)
	}
	e.version = rs.Version // e is not published yet
	s.live.Store(&liveSet{active: e})
	g.logger.Info("rule set saved", "account_id", rs.AccountID, "version", rs.Version, "rules", len(rs.Rules))
	return rs, nil
}

// prepareLocked gives rs's new rules ids above every live rule and compiles
// it; s.mu is held.
func (g *Registry) prepareLocked(ctx context.Context, s *slot, rs *RuleSet) (*Engine, error) {
	cur, err := g.loadLocked(ctx, s, rs.AccountID)
	if err != nil {
		return nil, err
	}
	floor := cur.active.MaxID()
	if cur.canary != nil {
		floor = max(floor, cur.canary.MaxID())
	}
	AssignIDs(rs, floor)
	return Compile(rs)
}

// Rollback makes an earlier version active again and live for everyone,
// ending any canary. A version that no longer compiles is refused and
// nothing changes.
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
	s.live.Store(&liveSet{active: e})
	g.logger.Info("rule set rolled back", "account_id", accountID, "version", version, "rules", len(rs.Rules))
	return nil
}

// Invalidate drops the account's engines, so the next call reloads the
// active version and the canary; call it when another node changed the rules.
func (g *Registry) Invalidate(accountID int64) {
	s := g.slot(accountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live.Store(nil)
}
