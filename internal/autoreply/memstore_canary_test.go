package autoreply

import (
	"context"
	"slices"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// The canary half of memStore, the registry tests' in-memory Store.

func (s *memStore) SaveCanaryRuleSet(_ context.Context, rs *RuleSet, c *Canary) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	rs.Version = int64(len(s.versions[rs.AccountID]) + 1)
	rs.CreatedAt = time.Now().UTC()
	s.versions[rs.AccountID] = append(s.versions[rs.AccountID], *rs)
	c.Version, c.StartedAt = rs.Version, rs.CreatedAt
	s.canaries[rs.AccountID] = cloneCanary(*c)
	return nil
}

func (s *memStore) StartRuleCanary(_ context.Context, c *Canary) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.Version < 1 || c.Version > int64(len(s.versions[c.AccountID])) {
		return errs.Errorf(errs.NotFound, "no version %d", c.Version)
	}
	if s.active[c.AccountID] == c.Version {
		return errs.Errorf(errs.Conflict, "version %d is active", c.Version)
	}
	c.StartedAt = time.Now().UTC()
	s.canaries[c.AccountID] = cloneCanary(*c)
	return nil
}

func (s *memStore) RuleCanary(_ context.Context, accountID int64) (*Canary, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.canaries[accountID]
	if !ok {
		return nil, errs.Errorf(errs.NotFound, "no canary")
	}
	c = cloneCanary(c)
	return &c, nil
}

func (s *memStore) StopRuleCanary(_ context.Context, accountID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.canaries[accountID]; !ok {
		return errs.Errorf(errs.NotFound, "no canary")
	}
	delete(s.canaries, accountID)
	return nil
}

func (s *memStore) PromoteRuleCanary(_ context.Context, accountID int64) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.canaries[accountID]
	if !ok {
		return 0, errs.Errorf(errs.NotFound, "no canary")
	}
	s.active[accountID] = c.Version
	delete(s.canaries, accountID)
	return c.Version, nil
}

func (s *memStore) RuleVersionReplies(_ context.Context, accountID int64, _ time.Time) (map[int64]int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[int64]int64{}
	for v, n := range s.replies[accountID] {
		out[v] = n
	}
	return out, nil
}

func cloneCanary(c Canary) Canary {
	c.OpenIDs = slices.Clone(c.OpenIDs)
	return c
}
