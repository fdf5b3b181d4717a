package wxclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testAppID  = "wx0123456789abcdef"
	testSecret = "s3cr3t-app-secret-value"
)

// fakeWeChat is an httptest stand-in for api.weixin.qq.com: it issues
// tokens tok-1, tok-2, … and dispatches other paths to per-test routes.
type fakeWeChat struct {
	srv        *httptest.Server
	fetches    atomic.Int64
	expiresIn  int64
	tokenDelay time.Duration
	tokenErr   int // errcode the token endpoint answers, 0 for success

	mu     sync.Mutex
	routes map[string]http.HandlerFunc
	hits   map[string]int
	bodies map[string][][]byte
	tokens map[string][]string // access_token used per path
}

func newFake(t testing.TB) *fakeWeChat {
	t.Helper()
	f := &fakeWeChat{expiresIn: 7200, routes: map[string]http.HandlerFunc{},
		hits: map[string]int{}, bodies: map[string][][]byte{}, tokens: map[string][]string{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeWeChat) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == tokenPath {
		f.serveToken(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	f.mu.Lock()
	f.hits[r.URL.Path]++
	f.bodies[r.URL.Path] = append(f.bodies[r.URL.Path], body)
	f.tokens[r.URL.Path] = append(f.tokens[r.URL.Path], r.URL.Query().Get("access_token"))
	h := f.routes[r.URL.Path]
	f.mu.Unlock()
	if h == nil {
		writeJSON(w, map[string]any{"errcode": 0, "errmsg": "ok"})
		return
	}
	h(w, r)
}

func (f *fakeWeChat) serveToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("appid") != testAppID || q.Get("secret") != testSecret || q.Get("grant_type") != "client_credential" {
		writeJSON(w, map[string]any{"errcode": 40125, "errmsg": "invalid appsecret"})
		return
	}
	if f.tokenErr != 0 {
		writeJSON(w, map[string]any{"errcode": f.tokenErr, "errmsg": "token refused"})
		return
	}
	time.Sleep(f.tokenDelay) // widens the race window; nothing asserts on time
	n := f.fetches.Add(1)
	writeJSON(w, map[string]any{"access_token": fmt.Sprintf("tok-%d", n), "expires_in": f.expiresIn})
}

func (f *fakeWeChat) route(path string, h http.HandlerFunc) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.routes[path] = h
}

func (f *fakeWeChat) hitCount(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[path]
}

func (f *fakeWeChat) usedTokens(path string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.tokens[path]...)
}

func (f *fakeWeChat) lastBody(path string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	b := f.bodies[path]
	if len(b) == 0 {
		return nil
	}
	return b[len(b)-1]
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; encoding=utf-8")
	_ = json.NewEncoder(w).Encode(v)
}

func errcode(code int, msg string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]any{"errcode": code, "errmsg": msg})
	}
}

// testOptions are quick-polling defaults with a silent logger.
func testOptions(o Options) Options {
	o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	if o.PollInterval == 0 {
		o.PollInterval = 5 * time.Millisecond
	}
	if o.BaseURL == "" {
		o.BaseURL = "http://127.0.0.1:1" // unused: accounts carry the fake's URL
	}
	return o
}

func (f *fakeWeChat) creds() Credentials {
	return Credentials{AppID: testAppID, Secret: testSecret, BaseURL: f.srv.URL}
}

func (f *fakeWeChat) account(t testing.TB, o Options) *Account {
	t.Helper()
	return New(testOptions(o)).Account(f.creds())
}

func mustToken(t testing.TB, a *Account) string {
	t.Helper()
	tok, err := a.Token(context.Background())
	if err != nil {
		t.Fatalf("Token: %v", err)
	}
	return tok
}

// fakeClock is a settable clock for expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
