package gateway

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// flakyStore counts account reads and can be made to fail, around a real store.
type flakyStore struct {
	account.Store
	reads atomic.Int64
	down  atomic.Bool
}

func (f *flakyStore) AccountByAppID(ctx context.Context, appID string) (*account.Account, error) {
	f.reads.Add(1)
	if f.down.Load() {
		return nil, errors.New("store unavailable")
	}
	return f.Store.AccountByAppID(ctx, appID)
}

func TestAccountCache(t *testing.T) {
	db, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	a := &account.Account{Name: "n", AppID: "wxcache", Token: "tok123", Type: account.Service, Mode: account.ModePlain}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateAccount(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	store := &flakyStore{Store: db}
	now := time.Unix(1_700_000_000, 0)
	c := newAccountCache(store, 30*time.Second, func() time.Time { return now })

	steps := []struct {
		name      string
		advance   time.Duration
		down      bool
		appID     string
		wantErr   errs.Code
		wantReads int64
	}{
		{"first read loads", 0, false, "wxcache", "", 1},
		{"within ttl is cached", 10 * time.Second, false, "wxcache", "", 1},
		{"expired re-reads", 30 * time.Second, false, "wxcache", "", 2},
		{"store down: last known account served", 31 * time.Second, true, "wxcache", "", 3},
		{"unknown appid", 0, false, "wxnobody", errs.NotFound, 4},
		{"unknown appid remembered", time.Second, false, "wxnobody", errs.NotFound, 4},
		{"unknown appid and store down", 0, true, "wxother", errs.Internal, 5},
	}
	for _, st := range steps {
		now = now.Add(st.advance)
		store.down.Store(st.down)
		e, err := c.get(t.Context(), st.appID)
		if got := errs.CodeOf(err); got != st.wantErr {
			t.Fatalf("%s: err = %v, want code %q", st.name, err, st.wantErr)
		}
		if err == nil && e.acct.AppID != st.appID {
			t.Fatalf("%s: got account %s", st.name, e.acct.AppID)
		}
		if n := store.reads.Load(); n != st.wantReads {
			t.Fatalf("%s: %d store reads, want %d", st.name, n, st.wantReads)
		}
	}
}
