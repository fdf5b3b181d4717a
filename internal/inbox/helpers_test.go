package inbox_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

// clock is a settable time source shared by the desk and the pushes.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fakeSender stands in for WeChat's customer-service API.
type fakeSender struct {
	mu     sync.Mutex
	bodies []string
	fail   error // returned (and nothing recorded) when set
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

// recorder collects published events.
type recorder struct {
	mu     sync.Mutex
	events []string
}

func (r *recorder) PublishKind(accountID int64, kind, data string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, fmt.Sprintf("%d/%s/%s", accountID, kind, data))
}

func (r *recorder) has(e string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.events {
		if x == e {
			return true
		}
	}
	return false
}

type fixture struct {
	db     *sqlstore.DB
	desk   *inbox.Desk
	proj   *inbox.Projector
	acct   *account.Account
	sender *fakeSender
	pub    *recorder
	clock  *clock
	seq    atomic.Int64
}

// newFixture opens a real SQLite store with one account and a desk on it.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	f := &fixture{db: db, sender: &fakeSender{}, pub: &recorder{}, clock: &clock{t: t0}}
	f.acct = &account.Account{AppID: "wx_desk", Name: "客服测试号", Token: "tok123", Type: account.Service,
		Mode: account.ModePlain, TimeZone: account.DefaultTimeZone}
	if err := db.CreateAccount(t.Context(), f.acct); err != nil {
		t.Fatalf("create account: %v", err)
	}
	f.desk = inbox.NewDesk(inbox.Options{Store: db, Directory: db, Sender: f.sender, Publisher: f.pub, Now: f.clock.Now})
	f.proj = inbox.NewProjector(f.desk, inbox.ProjectorOptions{})
	return f
}

// agent creates a user with a role on the account.
func (f *fixture) agent(t *testing.T, name string, role user.Role, capacity int) int64 {
	t.Helper()
	u := &user.User{Login: fmt.Sprintf("u%d", f.seq.Add(1)), Name: name, PasswordHash: "x"}
	if err := f.db.CreateUser(t.Context(), u); err != nil {
		t.Fatalf("create user: %v", err)
	}
	m := user.Membership{UserID: u.ID, AccountID: f.acct.ID, Role: role, Capacity: capacity}
	if err := f.db.SetMembership(t.Context(), m); err != nil {
		t.Fatalf("set membership: %v", err)
	}
	return u.ID
}

// say commits a text message from openID at the clock's time and returns its id.
func (f *fixture) say(t *testing.T, openID, text string, handoff bool) int64 {
	t.Helper()
	at := f.clock.Now()
	n := f.seq.Add(1)
	in := inbox.Inbound{
		Message: inbox.Message{AccountID: f.acct.ID, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text",
			MsgID: 1000 + n, DedupeKey: fmt.Sprint(1000 + n), Content: text, Raw: []byte("<xml/>"),
			CreateTime: at, ReceivedAt: at, Handoff: handoff},
		Follower: audience.Change{OpenID: openID, At: at, Message: true},
	}
	return f.commit(t, in)
}

// event commits an event push from openID.
func (f *fixture) event(t *testing.T, openID, name string) int64 {
	t.Helper()
	at := f.clock.Now()
	in := inbox.Inbound{
		Message: inbox.Message{AccountID: f.acct.ID, OpenID: openID, Kind: inbox.KindEvent, MsgType: "event",
			Event: name, DedupeKey: fmt.Sprintf("%s|%d|%s", openID, f.seq.Add(1), name), Raw: []byte("<xml/>"),
			CreateTime: at, ReceivedAt: at},
		Follower: audience.Change{OpenID: openID, At: at, Subscribe: name == "subscribe", Unsubscribe: name == "unsubscribe"},
	}
	return f.commit(t, in)
}

func (f *fixture) commit(t *testing.T, in inbox.Inbound) int64 {
	t.Helper()
	out, err := f.db.CommitInbound(t.Context(), []inbox.Inbound{in})
	if err != nil {
		t.Fatalf("CommitInbound: %v", err)
	}
	return out[0].MessageID
}

// project runs the projector until it has caught up.
func (f *fixture) project(t *testing.T) {
	t.Helper()
	if _, err := f.proj.CatchUp(t.Context()); err != nil {
		t.Fatalf("CatchUp: %v", err)
	}
}

// live returns the follower's live conversation, failing when there is none.
func (f *fixture) live(t *testing.T, openID string) *inbox.Conversation {
	t.Helper()
	c, err := f.desk.LiveConversation(t.Context(), f.acct.ID, openID)
	if err != nil {
		t.Fatalf("LiveConversation(%s): %v", openID, err)
	}
	return c
}
