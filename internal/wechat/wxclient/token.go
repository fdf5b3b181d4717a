package wxclient

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Account calls WeChat on behalf of one Official Account. Its access_token
// is cached in memory, shared with other nodes through the TokenStore, and
// refreshed by one goroutine of one node at a time (architecture invariant 5).
type Account struct {
	c        *Client
	appID    string
	cred     atomic.Pointer[Credentials]
	lim      *limiter
	lifetime atomic.Int64 // expires_in of the last token this process fetched (ns)

	mu     sync.Mutex
	tok    Token   // last token obtained, from WeChat or the store
	flight *flight // the refresh in progress, if any
}

// flight is one in-process refresh that every concurrent caller waits for.
type flight struct {
	done chan struct{}
	tok  Token
	err  error
}

func newAccount(c *Client, cred Credentials) *Account {
	a := &Account{c: c, appID: cred.AppID, lim: newLimiter(c.opts.RatePerSecond, c.opts.Burst, time.Now)}
	a.cred.Store(&cred)
	return a
}

// AppID is the account's appid.
func (a *Account) AppID() string { return a.appID }

// Token returns a usable access_token: the cached one while it is not due,
// else one another node saved, else a new one fetched under the lease.
func (a *Account) Token(ctx context.Context) (string, error) {
	t, err := a.token(ctx, "")
	return t.Value, err
}

// RefreshIfDue makes sure a token exists and is not within RefreshBefore of
// expiry, so that a background refresher spares callers the wait.
func (a *Account) RefreshIfDue(ctx context.Context) error {
	_, err := a.token(ctx, "")
	return err
}

// token returns a fresh token other than stale (the token WeChat just
// rejected; "" for none). Within the process one goroutine refreshes and the
// others wait for it; a forced refresh that joined someone else's flight and
// got the rejected token back starts one flight of its own.
func (a *Account) token(ctx context.Context, stale string) (Token, error) {
	for attempt := 0; ; attempt++ {
		a.mu.Lock()
		if a.fresh(a.tok, stale) {
			t := a.tok
			a.mu.Unlock()
			return t, nil
		}
		f, mine := a.flight, false
		if f == nil {
			f, mine = a.startFlight(ctx, stale), true
		}
		a.mu.Unlock()
		select {
		case <-f.done:
		case <-ctx.Done():
			return Token{}, fmt.Errorf("wechat access_token for %s: %w", a.appID, ctx.Err())
		}
		if f.err != nil || mine || stale == "" || f.tok.Value != stale || attempt > 0 {
			return f.tok, f.err
		}
	}
}

// startFlight runs the refresh detached from the first caller's
// cancellation (bounded by the lease times), so one impatient caller cannot
// fail the others. a.mu must be held.
func (a *Account) startFlight(ctx context.Context, stale string) *flight {
	f := &flight{done: make(chan struct{})}
	a.flight = f
	o := a.c.opts
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), o.LeaseWait+o.LeaseTTL)
	go func() {
		defer cancel()
		f.tok, f.err = a.shared(fctx, stale)
		a.mu.Lock()
		if f.err == nil {
			a.tok = f.tok
		}
		a.flight = nil
		a.mu.Unlock()
		close(f.done)
	}()
	return f
}

// fresh reports whether t can be used without refreshing.
func (a *Account) fresh(t Token, stale string) bool {
	return t.Value != "" && t.Value != stale && a.c.opts.Now().Before(t.ExpiresAt.Add(-a.lead()))
}

// valid reports whether t still works, though it may be due for refresh.
func (a *Account) valid(t Token, stale string) bool {
	return t.Value != "" && t.Value != stale && a.c.opts.Now().Before(t.ExpiresAt)
}

// lead is how long before expiry a token is refreshed: RefreshBefore, but
// at most half the lifetime seen at the last fetch, so that short-lived
// tokens (a simulator, a test) are not refreshed on every call.
func (a *Account) lead() time.Duration {
	lead := a.c.opts.RefreshBefore
	if lt := time.Duration(a.lifetime.Load()); lt > 0 && lead > lt/2 {
		lead = lt / 2
	}
	return lead
}

// load reads the shared token; an empty Token when none is stored.
func (a *Account) load(ctx context.Context) (Token, error) {
	t, err := a.c.opts.Store.LoadToken(ctx, a.appID)
	if errs.Is(err, errs.NotFound) {
		return Token{}, nil
	}
	if err != nil {
		return Token{}, fmt.Errorf("load access_token of %s: %w", a.appID, err)
	}
	return t, nil
}
