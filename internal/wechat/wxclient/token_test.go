package wxclient

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestTokenFetchedOnceAndCached(t *testing.T) {
	f := newFake(t)
	a := f.account(t, Options{})
	for range 5 {
		if got := mustToken(t, a); got != "tok-1" {
			t.Fatalf("token = %q, want tok-1", got)
		}
	}
	if n := f.fetches.Load(); n != 1 {
		t.Fatalf("fetches = %d, want 1", n)
	}
}

func TestTokenAccountCachedPerAppID(t *testing.T) {
	f := newFake(t)
	c := New(testOptions(Options{}))
	a1, a2 := c.Account(f.creds()), c.Account(f.creds())
	if a1 != a2 {
		t.Fatal("Account returned two handles for one appid")
	}
	cred := f.creds()
	cred.Secret = "rotated"
	if c.Account(cred) != a1 || a1.cred.Load().Secret != "rotated" {
		t.Fatal("rotated secret did not replace the cached credentials")
	}
}

func concurrentTokens(t *testing.T, accounts []*Account, perAccount int) map[string]int {
	t.Helper()
	var mu sync.Mutex
	seen := map[string]int{}
	var wg sync.WaitGroup
	for _, a := range accounts {
		for range perAccount {
			wg.Go(func() {
				tok, err := a.Token(context.Background())
				if err != nil {
					t.Errorf("Token: %v", err)
				}
				mu.Lock()
				seen[tok]++
				mu.Unlock()
			})
		}
	}
	wg.Wait()
	return seen
}

func TestTokenConcurrentCallersFetchOnce(t *testing.T) {
	f := newFake(t)
	f.tokenDelay = 20 * time.Millisecond
	a := f.account(t, Options{})
	seen := concurrentTokens(t, []*Account{a}, 100)
	if n := f.fetches.Load(); n != 1 {
		t.Fatalf("fetches = %d, want 1", n)
	}
	if seen["tok-1"] != 100 {
		t.Fatalf("tokens seen = %v, want tok-1 ×100", seen)
	}
}

func TestTokenTwoNodesShareOneFetch(t *testing.T) {
	f := newFake(t)
	f.tokenDelay = 50 * time.Millisecond
	store := NewMemoryStore()
	a := f.account(t, Options{Store: store, Holder: "node-a"})
	b := f.account(t, Options{Store: store, Holder: "node-b"})
	seen := concurrentTokens(t, []*Account{a, b}, 50)
	if n := f.fetches.Load(); n != 1 {
		t.Fatalf("fetches = %d, want 1 across two nodes", n)
	}
	if seen["tok-1"] != 100 {
		t.Fatalf("tokens seen = %v, want tok-1 ×100", seen)
	}
}

func TestTokenDefaultHoldersDiffer(t *testing.T) {
	if h1, h2 := New(Options{}).Holder(), New(Options{}).Holder(); h1 == h2 {
		t.Fatalf("two clients share holder %q", h1)
	}
}

func TestTokenRefreshedBeforeExpiry(t *testing.T) {
	f := newFake(t)
	clk := newClock()
	a := f.account(t, Options{Now: clk.Now, RefreshBefore: 10 * time.Minute})
	steps := []struct {
		advance time.Duration
		want    string
	}{
		{0, "tok-1"},
		{7200*time.Second - 10*time.Minute - time.Second, "tok-1"}, // one second before due
		{2 * time.Second, "tok-2"},                                 // due: refreshed ahead of expiry
		{time.Minute, "tok-2"},
	}
	for i, s := range steps {
		clk.Add(s.advance)
		if got := mustToken(t, a); got != s.want {
			t.Fatalf("step %d: token = %q, want %q", i, got, s.want)
		}
	}
	if n := f.fetches.Load(); n != 2 {
		t.Fatalf("fetches = %d, want 2", n)
	}
}

func TestTokenShortLifetimeNotRefetchedEachCall(t *testing.T) {
	f := newFake(t)
	f.expiresIn = 60 // shorter than RefreshBefore
	clk := newClock()
	a := f.account(t, Options{Now: clk.Now})
	mustToken(t, a)
	clk.Add(20 * time.Second)
	if got := mustToken(t, a); got != "tok-1" {
		t.Fatalf("token = %q, want tok-1 reused", got)
	}
	clk.Add(15 * time.Second) // past half the lifetime
	if got := mustToken(t, a); got != "tok-2" {
		t.Fatalf("token = %q, want tok-2", got)
	}
}

func TestTokenLoadedFromStore(t *testing.T) {
	f := newFake(t)
	store := NewMemoryStore()
	saved := Token{Value: "from-other-node", ExpiresAt: time.Now().Add(time.Hour)}
	if err := store.SaveToken(context.Background(), testAppID, saved); err != nil {
		t.Fatal(err)
	}
	a := f.account(t, Options{Store: store})
	if got := mustToken(t, a); got != saved.Value {
		t.Fatalf("token = %q, want the stored one", got)
	}
	if n := f.fetches.Load(); n != 0 {
		t.Fatalf("fetches = %d, want 0", n)
	}
}

func TestTokenDueButOtherNodeRefreshing(t *testing.T) {
	f := newFake(t)
	store := NewMemoryStore()
	ctx := context.Background()
	due := Token{Value: "old-but-valid", ExpiresAt: time.Now().Add(2 * time.Minute)}
	if err := store.SaveToken(ctx, testAppID, due); err != nil {
		t.Fatal(err)
	}
	if ok, _ := store.TryLease(ctx, "token:"+testAppID, "other", time.Minute); !ok {
		t.Fatal("lease not taken")
	}
	a := f.account(t, Options{Store: store})
	if got := mustToken(t, a); got != due.Value {
		t.Fatalf("token = %q, want the still-valid stored token", got)
	}
	if n := f.fetches.Load(); n != 0 {
		t.Fatalf("fetches = %d, want 0 while another node holds the lease", n)
	}
}

func TestTokenWaitsForLeaseHolder(t *testing.T) {
	f := newFake(t)
	store := NewMemoryStore()
	ctx := context.Background()
	if ok, _ := store.TryLease(ctx, "token:"+testAppID, "other", time.Minute); !ok {
		t.Fatal("lease not taken")
	}
	go func() {
		time.Sleep(30 * time.Millisecond)
		_ = store.SaveToken(ctx, testAppID, Token{Value: "holder-token", ExpiresAt: time.Now().Add(time.Hour)})
	}()
	a := f.account(t, Options{Store: store, LeaseWait: 10 * time.Second})
	if got := mustToken(t, a); got != "holder-token" {
		t.Fatalf("token = %q, want the holder's", got)
	}
	if n := f.fetches.Load(); n != 0 {
		t.Fatalf("fetches = %d, want 0", n)
	}
}

func TestTokenLeaseWaitGivesUp(t *testing.T) {
	f := newFake(t)
	store := NewMemoryStore()
	if ok, _ := store.TryLease(context.Background(), "token:"+testAppID, "crashed", time.Hour); !ok {
		t.Fatal("lease not taken")
	}
	a := f.account(t, Options{Store: store, LeaseWait: 30 * time.Millisecond})
	_, err := a.Token(context.Background())
	if !errs.Is(err, errs.Unavailable) || !strings.Contains(err.Error(), "超时") {
		t.Fatalf("err = %v, want Unavailable wait timeout", err)
	}
	if n := f.fetches.Load(); n != 0 {
		t.Fatalf("fetches = %d, want 0: never refresh without the lease", n)
	}
}

func TestTokenCallerContextCancelled(t *testing.T) {
	f := newFake(t)
	store := NewMemoryStore()
	if ok, _ := store.TryLease(context.Background(), "token:"+testAppID, "other", time.Hour); !ok {
		t.Fatal("lease not taken")
	}
	a := f.account(t, Options{Store: store})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := a.Token(ctx); err == nil || ctx.Err() == nil {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
}

func TestTokenFetchErrorTypedAndRedacted(t *testing.T) {
	f := newFake(t)
	f.tokenErr = CodeIPNotWhitelisted
	a := f.account(t, Options{})
	_, err := a.Token(context.Background())
	if !IsCode(err, CodeIPNotWhitelisted) {
		t.Fatalf("err = %v, want errcode 40164", err)
	}
	if strings.Contains(err.Error(), testSecret) {
		t.Fatalf("error leaks the secret: %v", err)
	}
}

func TestTokenMissingSecret(t *testing.T) {
	f := newFake(t)
	a := New(testOptions(Options{})).Account(Credentials{AppID: testAppID, BaseURL: f.srv.URL})
	if _, err := a.Token(context.Background()); !errs.Is(err, errs.Invalid) {
		t.Fatalf("err = %v, want Invalid", err)
	}
}

func TestRunRefresher(t *testing.T) {
	f := newFake(t)
	clk := newClock()
	c := New(testOptions(Options{Now: clk.Now}))
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	list := func(context.Context) []Credentials {
		calls++
		if calls == 3 {
			cancel()
		}
		return []Credentials{f.creds()}
	}
	c.RunRefresher(ctx, time.Millisecond, list)
	if n := f.fetches.Load(); n != 1 {
		t.Fatalf("fetches = %d, want 1 (later rounds find the token fresh)", n)
	}
	if got := mustToken(t, c.Account(f.creds())); got != "tok-1" {
		t.Fatalf("token = %q, want tok-1 prepared by the refresher", got)
	}
}

func BenchmarkTokenCached(b *testing.B) {
	f := newFake(b)
	a := f.account(b, Options{})
	mustToken(b, a)
	b.ResetTimer()
	for b.Loop() {
		if _, err := a.Token(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
