package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

// person is a test user with both ways to call the API.
type person struct {
	u      *user.User
	token  string // API token
	secret string // session cookie value
	csrf   string // the session's CSRF token
}

// harness is the API on its own real SQLite store holding two accounts, a
// team of users with different roles, rules, messages and conversations
// (see seed_test.go). Each harness starts from a copy of one seeded
// template file, so scenarios are independent without paying for bcrypt
// and migrations every time.
type harness struct {
	t      *testing.T
	db     *sqlstore.DB
	users  *user.Service
	rules  *autoreply.Registry
	desk   *inbox.Desk
	sender *fakeSender
	api    *API
	mux    *http.ServeMux
	a, b   *account.Account // the team works on a; "outsider" only on b
	people map[string]*person
	now    time.Time // the desk's clock, fixed
}

// fakeSender stands in for WeChat's customer-service API.
type fakeSender struct {
	mu     sync.Mutex
	bodies []string
	fail   error // returned, and nothing recorded, when set
}

func (s *fakeSender) SendCustomJSON(_ context.Context, _ *account.Account, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.bodies = append(s.bodies, string(body))
	return nil
}

func (s *fakeSender) sent() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...)
}

var quiet = slog.New(slog.DiscardHandler)

// seeded is the template store every harness copies.
type seeded struct {
	dir    string
	now    time.Time
	people map[string]*person
}

var (
	templateOnce sync.Once
	template     *seeded
	templateErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if template != nil {
		_ = os.RemoveAll(template.dir)
	}
	os.Exit(code)
}

const dbFile = "fanbase.db"

func newHarness(t *testing.T) *harness {
	t.Helper()
	templateOnce.Do(func() { template, templateErr = buildTemplate() })
	if templateErr != nil {
		t.Fatalf("seed the template store: %v", templateErr)
	}
	dir := t.TempDir()
	if err := copyStore(template.dir, dir); err != nil {
		t.Fatalf("copy the template store: %v", err)
	}
	h, err := openHarness(filepath.Join(dir, dbFile), template.now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = h.db.Close() })
	h.t, h.people = t, template.people
	if h.a, err = h.db.AccountByAppID(t.Context(), appA); err != nil {
		t.Fatal(err)
	}
	if h.b, err = h.db.AccountByAppID(t.Context(), appB); err != nil {
		t.Fatal(err)
	}
	return h
}

// openHarness opens a store file and builds the services and the API on it.
func openHarness(path string, now time.Time) (*harness, error) {
	db, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	h := &harness{db: db, now: now, people: map[string]*person{}, sender: &fakeSender{}}
	h.users = &user.Service{Store: db, BcryptCost: 4, Logger: quiet}
	h.rules = autoreply.NewRegistry(db, quiet)
	h.desk = inbox.NewDesk(inbox.Options{Store: db, Directory: db, Sender: h.sender, Logger: quiet,
		Now: func() time.Time { return h.now }})
	h.api = New(h.deps())
	h.mux = http.NewServeMux()
	h.api.Register(h.mux)
	return h, nil
}

// deps are the API's dependencies on the harness's store.
func (h *harness) deps() Deps {
	return Deps{Logger: quiet, Auth: h.users, Users: h.db, Accounts: h.db, Followers: h.db, Notes: h.db,
		Rules: h.rules, Desk: h.desk, Search: h.db, Replies: h.db, Now: func() time.Time { return h.now },
		Articles: content.NewService(h.db, func() time.Time { return h.now }), FollowerSync: fakeSyncs{db: h.db},
		Broadcasts: testBroadcasts(h.db, func() time.Time { return h.now }),
		Segments:   segment.NewService(h.db, func() time.Time { return h.now })}
}

// buildTemplate seeds a store file once for the whole package.
func buildTemplate() (*seeded, error) {
	dir, err := os.MkdirTemp("", "fanbase-api-test-")
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	h, err := openHarness(filepath.Join(dir, dbFile), now)
	if err != nil {
		return nil, err
	}
	if err := h.seed(); err != nil {
		_ = h.db.Close()
		return nil, err
	}
	if err := h.db.Close(); err != nil {
		return nil, err
	}
	return &seeded{dir: dir, now: now, people: h.people}, nil
}

// copyStore copies the SQLite file (and its WAL, if any) from one directory to another.
func copyStore(from, to string) error {
	for _, name := range []string{dbFile, dbFile + "-wal"} {
		src, err := os.Open(filepath.Join(from, name))
		if os.IsNotExist(err) && name != dbFile {
			continue
		}
		if err != nil {
			return err
		}
		dst, err := os.Create(filepath.Join(to, name))
		if err == nil {
			_, err = io.Copy(dst, src)
			err = closeBoth(err, dst.Close())
		}
		_ = src.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

func closeBoth(err, closeErr error) error {
	if err != nil {
		return err
	}
	return closeErr
}
