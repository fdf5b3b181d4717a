package autoreply

import (
	"context"
	"fmt"

	"github.com/fanbase/fanbase/internal/errs"
)

// SaveCanary compiles rs, stores it as the account's next version and
// starts it as the canary with c's split (replacing a running canary),
// while the active version keeps answering everyone else. rs and c are
// updated in place like Save; an invalid set or split stores nothing.
func (g *Registry) SaveCanary(ctx context.Context, rs *RuleSet, c Canary) (*RuleSet, *Canary, error) {
	if rs == nil {
		return nil, nil, errs.Errorf(errs.Invalid, "rule set is missing (缺少规则集)")
	}
	c.AccountID = rs.AccountID
	if err := c.Normalize(); err != nil {
		return nil, nil, err
	}
	s := g.slot(rs.AccountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := g.prepareLocked(ctx, s, rs)
	if err != nil {
		return nil, nil, fmt.Errorf("save canary rules of account %d: %w", rs.AccountID, err)
	}
	if err := g.store.SaveCanaryRuleSet(ctx, rs, &c); err != nil {
		return nil, nil, fmt.Errorf("save canary rules of account %d: %w", rs.AccountID, err)
	}
	e.version = rs.Version // e is not published yet
	g.publishCanaryLocked(s, e, &c)
	return rs, &c, nil
}

// StartCanary starts an existing version as the account's canary with c's
// split, replacing a running canary. The active version cannot be its own
// canary (errs.Conflict).
func (g *Registry) StartCanary(ctx context.Context, c Canary) (*Canary, error) {
	if err := c.Normalize(); err != nil {
		return nil, err
	}
	s := g.slot(c.AccountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := g.loadLocked(ctx, s, c.AccountID); err != nil {
		return nil, fmt.Errorf("start canary: %w", err)
	}
	rs, err := g.store.RuleSetVersion(ctx, c.AccountID, c.Version)
	if err != nil {
		return nil, fmt.Errorf("start canary of account %d version %d: %w", c.AccountID, c.Version, err)
	}
	e, err := Compile(rs)
	if err != nil {
		return nil, fmt.Errorf("start canary of account %d version %d: %w", c.AccountID, c.Version, err)
	}
	if err := g.store.StartRuleCanary(ctx, &c); err != nil {
		return nil, fmt.Errorf("start canary of account %d version %d: %w", c.AccountID, c.Version, err)
	}
	g.publishCanaryLocked(s, e, &c)
	return &c, nil
}

// publishCanaryLocked swaps in the active engine with canary e; s.mu is
// held and the live set loaded.
func (g *Registry) publishCanaryLocked(s *slot, e *Engine, c *Canary) {
	trial := *c
	s.live.Store(&liveSet{active: s.live.Load().active, canary: e, trial: &trial, split: newSplit(&trial)})
	g.logger.Info("rule canary started", "account_id", c.AccountID, "version", c.Version,
		"percent", c.Percent, "test_followers", len(c.OpenIDs))
}

// StopCanary ends the account's canary: everyone gets the active version.
func (g *Registry) StopCanary(ctx context.Context, accountID int64) error {
	s := g.slot(accountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := g.store.StopRuleCanary(ctx, accountID); err != nil {
		return fmt.Errorf("stop canary of account %d: %w", accountID, err)
	}
	if l := s.live.Load(); l != nil {
		s.live.Store(&liveSet{active: l.active})
	}
	g.logger.Info("rule canary stopped", "account_id", accountID)
	return nil
}

// PromoteCanary makes the canary's version the active one for everyone and
// returns it.
func (g *Registry) PromoteCanary(ctx context.Context, accountID int64) (int64, error) {
	s := g.slot(accountID)
	s.mu.Lock()
	defer s.mu.Unlock()
	version, err := g.store.PromoteRuleCanary(ctx, accountID)
	if err != nil {
		return 0, fmt.Errorf("promote canary of account %d: %w", accountID, err)
	}
	if l := s.live.Load(); l != nil && l.canary != nil && l.canary.version == version {
		s.live.Store(&liveSet{active: l.canary})
	} else {
		s.live.Store(nil)
	}
	g.logger.Info("rule canary promoted", "account_id", accountID, "version", version)
	return version, nil
}

// CanaryStatus returns the account's running canary and the replies each
// side sent since it started; errs.NotFound when none runs.
func (g *Registry) CanaryStatus(ctx context.Context, accountID int64) (*CanaryStatus, error) {
	c, err := g.store.RuleCanary(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("canary of account %d: %w", accountID, err)
	}
	st := &CanaryStatus{Canary: *c}
	if active, err := g.store.ActiveRuleSet(ctx, accountID); err == nil {
		st.ActiveVersion = active.Version
	} else if !errs.Is(err, errs.NotFound) {
		return nil, fmt.Errorf("canary of account %d: %w", accountID, err)
	}
	counts, err := g.store.RuleVersionReplies(ctx, accountID, c.StartedAt)
	if err != nil {
		return nil, fmt.Errorf("canary replies of account %d: %w", accountID, err)
	}
	st.CanaryReplies, st.ActiveReplies = counts[c.Version], counts[st.ActiveVersion]
	return st, nil
}

// Versions summarises the account's stored versions, newest first, marking
// the active one and the canary.
func (g *Registry) Versions(ctx context.Context, accountID int64) ([]VersionInfo, error) {
	list, err := g.store.ListRuleSets(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("versions of account %d: %w", accountID, err)
	}
	return list, nil
}

// RuleSet returns one stored version; version 0 is the active one (an
// empty set when the account has none yet).
func (g *Registry) RuleSet(ctx context.Context, accountID, version int64) (*RuleSet, error) {
	var rs *RuleSet
	var err error
	if version == 0 {
		rs, err = g.store.ActiveRuleSet(ctx, accountID)
		if errs.Is(err, errs.NotFound) {
			return &RuleSet{AccountID: accountID}, nil
		}
	} else {
		rs, err = g.store.RuleSetVersion(ctx, accountID, version)
	}
	if err != nil {
		return nil, fmt.Errorf("rules of account %d: %w", accountID, err)
	}
	return rs, nil
}
