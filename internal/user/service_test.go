package user_test

import (
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"golang.org/x/crypto/bcrypt"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

var t0 = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

// clock is a settable time source for the service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// fixture is a service on a fresh SQLite store.
type fixture struct {
	svc   *user.Service
	db    *sqlstore.DB
	clock *clock
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), filepath.Join(t.TempDir(), "fanbase.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	c := &clock{t: t0}
	return &fixture{svc: &user.Service{Store: db, Now: c.now, BcryptCost: bcrypt.MinCost}, db: db, clock: c}
}

// addUser adds a user with the password "correct horse".
func (f *fixture) addUser(t *testing.T, login string) *user.User {
	t.Helper()
	u, err := f.svc.AddUser(t.Context(), login, "", "correct horse")
	if err != nil {
		t.Fatalf("AddUser(%s): %v", login, err)
	}
	return u
}

// wantCode fails unless err has the code and a message with Chinese in it.
func wantCode(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if !errs.Is(err, code) {
		t.Errorf("%s: err = %v (code %q), want %s", what, err, errs.CodeOf(err), code)
		return
	}
	if code != "" && !strings.ContainsFunc(err.Error(), func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		t.Errorf("%s: message has no Chinese: %v", what, err)
	}
}

func TestAddUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addUser(t, "Wang.Xiao")
	tests := []struct {
		name, login, display, password string
		code                           errs.Code
	}{
		{"ok", "li_si@example.com", "李四", "12345678", ""},
		{"name defaults to login", "zhao-6", "", "一二三四五六七八", ""},
		{"taken in another case", "wang.xiao", "x", "12345678", errs.Conflict},
		{"login too short", "w", "x", "12345678", errs.Invalid},
		{"login too long", strings.Repeat("a", 65), "x", "12345678", errs.Invalid},
		{"login with space", "wang xiao", "x", "12345678", errs.Invalid},
		{"login in Chinese", "王小二", "x", "12345678", errs.Invalid},
		{"password too short", "short", "x", "1234567", errs.Invalid},
		{"password too long", "long", "x", strings.Repeat("p", 73), errs.Invalid},
		{"name too long", "longname", strings.Repeat("名", 65), "12345678", errs.Invalid},
	}
	for _, tc := range tests {
		u, err := f.svc.AddUser(t.Context(), tc.login, tc.display, tc.password)
		wantCode(t, tc.name, err, tc.code)
		if err != nil {
			continue
		}
		want := tc.display
		if want == "" {
			want = tc.login
		}
		if u.ID == 0 || u.Name != want || u.PasswordHash == tc.password || !user.CheckPassword(u, tc.password) {
			t.Errorf("%s: AddUser = %+v", tc.name, u)
		}
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addUser(t, "Wang.Xiao")
	off := f.addUser(t, "off")
	off.Disabled = true
	if err := f.db.UpdateUser(t.Context(), off); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, login, password string
		code                  errs.Code
	}{
		{"right", "Wang.Xiao", "correct horse", ""},
		{"other case and spaces", "  wang.xiao ", "correct horse", ""},
		{"wrong password", "Wang.Xiao", "correct horsE", errs.Unauthorized},
		{"unknown login", "nobody", "correct horse", errs.Unauthorized},
		{"disabled", "off", "correct horse", errs.Forbidden},
		{"disabled, wrong password", "off", "wrong", errs.Unauthorized},
	}
	for _, tc := range tests {
		u, sess, secret, err := f.svc.Login(t.Context(), tc.login, tc.password, "192.0.2.1", "test-agent")
		wantCode(t, tc.name, err, tc.code)
		if err != nil {
			continue
		}
		if sess.ID != user.SessionID(secret) || sess.ID == secret || len(secret) != 43 || len(sess.CSRF) != 43 {
			t.Errorf("%s: session %+v, secret %q", tc.name, sess, secret)
		}
		if sess.UserID != u.ID || !sess.ExpiresAt.Equal(t0.Add(user.DefaultSessionTTL)) || sess.IP != "192.0.2.1" {
			t.Errorf("%s: session %+v", tc.name, sess)
		}
	}
	_, _, _, errUnknown := f.svc.Login(t.Context(), "nobody", "x", "", "")
	_, _, _, errWrong := f.svc.Login(t.Context(), "Wang.Xiao", "x", "", "")
	if errUnknown.Error() != errWrong.Error() {
		t.Errorf("unknown login and wrong password differ: %q vs %q", errUnknown, errWrong)
	}
}

func TestLoginThrottle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addUser(t, "wang")
	f.addUser(t, "li")
	login := func(l, p string) error { _, _, _, err := f.svc.Login(t.Context(), l, p, "", ""); return err }
	for range 5 { // at t0, t0+1m, …, t0+4m
		wantCode(t, "failure", login("wang", "wrong"), errs.Unauthorized)
		f.clock.advance(time.Minute)
	}
	err := login("WANG", "correct horse")
	wantCode(t, "sixth try", err, errs.Unavailable)
	if err != nil && !strings.Contains(err.Error(), "10 minutes") {
		t.Errorf("message %q should say 10 minutes", err)
	}
	wantCode(t, "another login", login("li", "correct horse"), "")
	f.clock.advance(10 * time.Minute) // the first failure leaves the window
	wantCode(t, "after the window", login("wang", "correct horse"), "")
	for range 4 {
		wantCode(t, "failure after success", login("wang", "wrong"), errs.Unauthorized)
	}
	wantCode(t, "success resets the count", login("wang", "correct horse"), "")
}

func TestSessionUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	u := f.addUser(t, "wang")
	_, sess, secret, err := f.svc.Login(t.Context(), "wang", "correct horse", "", "")
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name     string
		advance  time.Duration
		secret   string
		code     errs.Code
		lastSeen time.Time // want, when code is ""
	}{
		{"fresh", 0, secret, "", t0},
		{"30s later: no write", 30 * time.Second, secret, "", t0},
		{"2m later: slides", 90 * time.Second, secret, "", t0.Add(2 * time.Minute)},
		{"past the first expiry", user.DefaultSessionTTL - time.Minute, secret, "", t0.Add(user.DefaultSessionTTL + time.Minute)},
		{"unknown secret", 0, "nope", errs.Unauthorized, time.Time{}},
		{"empty secret", 0, "", errs.Unauthorized, time.Time{}},
		{"expired", user.DefaultSessionTTL, secret, errs.Unauthorized, time.Time{}},
	}
	for _, st := range steps {
		f.clock.advance(st.advance)
		got, s, err := f.svc.SessionUser(t.Context(), st.secret)
		wantCode(t, st.name, err, st.code)
		if err != nil {
			continue
		}
		if got.ID != u.ID || s.ID != sess.ID || !s.LastSeen.Equal(st.lastSeen) ||
			!s.ExpiresAt.Equal(st.lastSeen.Add(user.DefaultSessionTTL)) {
			t.Errorf("%s: user %d, session %+v; want last seen %v", st.name, got.ID, s, st.lastSeen)
		}
	}
}

func TestSessionEnds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	u := f.addUser(t, "wang")
	login := func() string {
		_, _, secret, err := f.svc.Login(t.Context(), "wang", "correct horse", "", "")
		if err != nil {
			t.Fatal(err)
		}
		return secret
	}
	a, b := login(), login()
	if err := f.svc.Logout(t.Context(), a); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	if err := f.svc.Logout(t.Context(), a); err != nil {
		t.Errorf("second Logout: %v", err)
	}
	wantCode(t, "logged out", second(f.svc.SessionUser(t.Context(), a)), errs.Unauthorized)
	wantCode(t, "other session", second(f.svc.SessionUser(t.Context(), b)), "")

	u.Disabled = true
	if err := f.db.UpdateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "disabled user", second(f.svc.SessionUser(t.Context(), b)), errs.Unauthorized)
	u.Disabled = false
	if err := f.db.UpdateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "enabled again", second(f.svc.SessionUser(t.Context(), b)), "")

	wantCode(t, "short password", f.svc.SetPassword(t.Context(), u.ID, "short"), errs.Invalid)
	if err := f.svc.SetPassword(t.Context(), u.ID, "新的密码很长很长"); err != nil {
		t.Fatalf("SetPassword: %v", err)
	}
	wantCode(t, "after a password change", second(f.svc.SessionUser(t.Context(), b)), errs.Unauthorized)
	wantCode(t, "old password", third(f.svc.Login(t.Context(), "wang", "correct horse", "", "")), errs.Unauthorized)
	wantCode(t, "new password", third(f.svc.Login(t.Context(), "wang", "新的密码很长很长", "", "")), "")
	wantCode(t, "unknown user", f.svc.SetPassword(t.Context(), u.ID+100, "12345678"), errs.NotFound)
}

func second[A, B any](_ A, _ B, err error) error { return err }

func third[A, B, C any](_ A, _ B, _ C, err error) error { return err }

func TestAccessAndAudit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	u := f.addUser(t, "wang")
	m := user.Membership{UserID: u.ID, AccountID: user.AllAccounts, Role: user.Owner}
	if err := f.db.SetMembership(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	ms, err := f.svc.Access(t.Context(), u.ID)
	if err != nil || len(ms) != 1 || ms[0] != m {
		t.Errorf("Access = %+v, %v; want %+v", ms, err, m)
	}
	e := &user.AuditEntry{UserID: u.ID, UserName: u.Name, Action: "user.add", Target: "li"}
	if err := f.svc.Audit(t.Context(), e); err != nil {
		t.Fatalf("Audit: %v", err)
	}
	got, err := f.db.ListAudit(t.Context(), user.AuditFilter{})
	if err != nil || len(got) != 1 || !got[0].At.Equal(t0) || got[0].Action != "user.add" || got[0].ID != e.ID {
		t.Errorf("ListAudit = %+v, %v; want one entry at %v", got, err, t0)
	}
}
