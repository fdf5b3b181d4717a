package simulator

import (
	"sync"

	"github.com/fanbase/fanbase/internal/wechat/wxcrypto"
)

// account is the platform's state for one Official Account. Every field
// below mu is guarded by it.
type account struct {
	mu     sync.Mutex
	cfg    Account
	cipher *wxcrypto.Cipher // nil in plain mode without a key

	tokens    tokenState
	fetches   int
	followers map[string]*follower
	order     []string // openids in first-seen order, for user/get
	received  []Delivery
	byOpenID  map[string][]int // indexes into received
	quotaDay  string
	quotaUsed map[string]int
	apiErrors map[int]int
	push      PushStats
	tags      tagBook
	menus     menuBook
	media     mediaBook // permanent materials and drafts (material.go, draft.go)
}

func newAccount(cfg Account, c *wxcrypto.Cipher) *account {
	return &account{
		cfg:       cfg,
		cipher:    c,
		followers: map[string]*follower{},
		byOpenID:  map[string][]int{},
		quotaUsed: map[string]int{},
		apiErrors: map[int]int{},
		push:      PushStats{Errors: map[string]int{}},
	}
}

// config returns a copy of the account's configuration and cipher.
func (a *account) config() (Account, *wxcrypto.Cipher) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.cfg, a.cipher
}
