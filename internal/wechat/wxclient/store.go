// Package wxclient calls WeChat's server API for one or many accounts: one
// shared access_token per account with a single refresher, typed errcodes,
// one retry on token errors, per-account rate limits and a configurable base URL.
package wxclient

import (
	"context"
	"time"
)

// Token is a cached access_token.
type Token struct {
	Value     string
	ExpiresAt time.Time
}

// TokenStore shares tokens and the refresh lease between nodes.
type TokenStore interface {
	// LoadToken returns the stored token; errs.NotFound when none.
	LoadToken(ctx context.Context, appID string) (Token, error)
	SaveToken(ctx context.Context, appID string, t Token) error
	// TryLease takes or renews the named lease for holder until now+ttl and
	// reports whether holder has it; another holder's unexpired lease wins.
	TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}
