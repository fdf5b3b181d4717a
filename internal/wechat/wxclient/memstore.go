package wxclient

import (
	"context"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// MemoryStore is a TokenStore held in process memory, for tests and for a
// single node. Its lease semantics equal the SQL store's: another holder's
// unexpired lease wins, the same holder renews, and only the holder releases.
type MemoryStore struct {
	mu     sync.Mutex
	now    func() time.Time
	tokens map[string]Token
	leases map[string]lease
}

type lease struct {
	holder string
	until  time.Time
}

// NewMemoryStore returns an empty store on the wall clock.
func NewMemoryStore() *MemoryStore { return newMemoryStore(time.Now) }

func newMemoryStore(now func() time.Time) *MemoryStore {
	return &MemoryStore{now: now, tokens: map[string]Token{}, leases: map[string]lease{}}
}

// LoadToken returns the saved token or an errs.NotFound error.
func (s *MemoryStore) LoadToken(_ context.Context, appID string) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[appID]
	if !ok {
		return Token{}, errs.Errorf(errs.NotFound, "no access_token stored for %s (没有保存该账号的 access_token)", appID)
	}
	return t, nil
}

// SaveToken replaces the account's token.
func (s *MemoryStore) SaveToken(_ context.Context, appID string, t Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[appID] = t
	return nil
}

// TryLease takes or renews name for holder until now+ttl.
func (s *MemoryStore) TryLease(_ context.Context, name, holder string, ttl time.Duration) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if l, ok := s.leases[name]; ok && l.holder != holder && now.Before(l.until) {
		return false, nil
	}
	s.leases[name] = lease{holder: holder, until: now.Add(ttl)}
	return true, nil
}

// ReleaseLease drops name if holder has it; another holder's lease stays.
func (s *MemoryStore) ReleaseLease(_ context.Context, name, holder string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if l, ok := s.leases[name]; ok && l.holder == holder {
		delete(s.leases, name)
	}
	return nil
}
