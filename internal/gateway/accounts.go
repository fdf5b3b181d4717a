package gateway

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// accountCache keeps accounts and their ciphers in memory so the hot path
// does not read the store. Entries are re-read after ttl so that changes
// made by another process (the CLI, another node) take effect; unknown
// appids are remembered briefly so a flood of them cannot hammer the store.
type accountCache struct {
	store account.Store
	ttl   time.Duration
	now   func() time.Time

	mu      sync.RWMutex
	entries map[string]*accountEntry
}

type accountEntry struct {
	acct       *account.Account // nil: the appid is unknown
	cipher     *wxcrypto.Cipher // nil in plain mode without a key
	loaded     time.Time
	learning   atomic.Bool // the original id is being recorded
	refreshing atomic.Bool // one caller re-reads an expired entry
}

func newAccountCache(store account.Store, ttl time.Duration, now func() time.Time) *accountCache {
	return &accountCache{store: store, ttl: ttl, now: now, entries: make(map[string]*accountEntry)}
}

// get returns the account for appid, or errs.NotFound. When a known
// account's entry expires, one caller re-reads it while the others go on
// with the cached copy, so a burst does not turn into a burst of reads and
// a store that is briefly down does not refuse known accounts.
func (c *accountCache) get(ctx context.Context, appID string) (*accountEntry, error) {
	c.mu.RLock()
	e := c.entries[appID]
	c.mu.RUnlock()
	switch {
	case e == nil:
		return c.load(ctx, appID)
	case c.now().Sub(e.loaded) < c.ttl:
		return e.result()
	case e.acct != nil && !e.refreshing.CompareAndSwap(false, true):
		return e.result() // someone else is re-reading it
	}
	fresh, err := c.load(ctx, appID)
	e.refreshing.Store(false)
	if err != nil && !errs.Is(err, errs.NotFound) && e.acct != nil {
		return e.result() // keep serving the last known account
	}
	return fresh, err
}

func (c *accountCache) load(ctx context.Context, appID string) (*accountEntry, error) {
	a, err := c.store.AccountByAppID(ctx, appID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, fmt.Errorf("load account %s: %w", appID, err)
	}
	e := &accountEntry{acct: a, loaded: c.now()}
	if a != nil && a.AESKey != "" {
		if e.cipher, err = wxcrypto.NewCipher(a.AESKey, a.AppID); err != nil {
			return nil, fmt.Errorf("account %s: %w", appID, err)
		}
	}
	c.mu.Lock()
	if len(c.entries) > 100_000 { // bound memory against random appids
		c.entries = make(map[string]*accountEntry)
	}
	c.entries[appID] = e
	c.mu.Unlock()
	return e.result()
}

// forget drops an entry so the next request re-reads it.
func (c *accountCache) forget(appID string) {
	c.mu.Lock()
	delete(c.entries, appID)
	c.mu.Unlock()
}

func (e *accountEntry) result() (*accountEntry, error) {
	if e.acct == nil {
		return nil, errs.Errorf(errs.NotFound, "unknown account")
	}
	return e, nil
}
