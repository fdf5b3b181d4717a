// Package simtest starts the WeChat simulator inside other packages' tests:
// an API server on httptest, valid test accounts, a manual clock and a tiny
// correct developer server. It imports "testing", so the product binary
// never links it.
package simtest

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
)

// NewServer starts a platform's API on an httptest server that closes when
// the test ends. Point the API client's base URL at srv.URL.
func NewServer(tb testing.TB, opts simulator.Options) (*simulator.Platform, *httptest.Server) {
	tb.Helper()
	p := simulator.New(opts)
	srv := httptest.NewServer(p.Handler())
	tb.Cleanup(srv.Close)
	return p, srv
}

// Account returns a valid account with credentials derived from appid, so
// tests on both sides of the wire can rebuild them.
func Account(appid, mode, callbackURL string) simulator.Account {
	sum := sha256.Sum256([]byte("simtest:" + appid))
	h := hex.EncodeToString(sum[:])
	return simulator.Account{
		AppID:       appid,
		Secret:      h[:32],
		Token:       "tok" + h[32:44],
		AESKey:      h[:43],
		OriginalID:  "gh_" + h[44:56],
		Mode:        mode,
		CallbackURL: callbackURL,
		Type:        simulator.TypeService,
	}
}

// MustAdd registers the account or fails the test.
func MustAdd(tb testing.TB, p *simulator.Platform, a simulator.Account) {
	tb.Helper()
	if err := p.AddAccount(a); err != nil {
		tb.Fatalf("add simulated account: %v", err)
	}
}

// Clock is a manual clock for Options.Now: time moves only when a test says.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
