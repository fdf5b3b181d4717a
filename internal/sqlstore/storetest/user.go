package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// mustUser creates an enabled user with the given login.
func mustUser(t *testing.T, s Store, login string) *user.User {
	t.Helper()
	u := &user.User{Login: login, Name: "客服 " + login, PasswordHash: "$2a$04$hash-of-" + login, CreatedAt: base}
	if err := s.CreateUser(ctx(t), u); err != nil {
		t.Fatalf("CreateUser(%s): %v", login, err)
	}
	return u
}

func testUsers(t *testing.T, s Store) {
	a := mustUser(t, s, "Wang.Xiao")
	b := mustUser(t, s, "li@example.com")
	if a.ID == 0 || b.ID == 0 || a.ID == b.ID {
		t.Fatalf("CreateUser set IDs %d, %d", a.ID, b.ID)
	}
	checkUserReads(t, s, a, "wang.xiao", "WANG.XIAO", "Wang.Xiao")
	a.Name, a.PasswordHash, a.Lang, a.Disabled = "王小二", "$2a$04$new", "en", true
	if err := s.UpdateUser(ctx(t), a); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	checkUserReads(t, s, a, "wang.xiao")
	list, err := s.ListUsers(ctx(t))
	if err != nil || len(list) != 2 || list[0] != *a || list[1] != *b {
		t.Fatalf("ListUsers = %+v, %v; want %+v, %+v", list, err, *a, *b)
	}
	if n, err := s.CountUsers(ctx(t)); err != nil || n != 2 {
		t.Fatalf("CountUsers = %d, %v; want 2", n, err)
	}
	ghost := *a
	ghost.ID = a.ID + b.ID + 100
	tests := []struct {
		name string
		err  error
		code errs.Code
	}{
		{"login taken in another case", s.CreateUser(ctx(t), &user.User{Login: "wang.XIAO", Name: "x",
			PasswordHash: "h", CreatedAt: base}), errs.Conflict},
		{"update unknown", s.UpdateUser(ctx(t), &ghost), errs.NotFound},
		{"unknown id", second(s.UserByID(ctx(t), ghost.ID)), errs.NotFound},
		{"unknown login", second(s.UserByLogin(ctx(t), "nobody")), errs.NotFound},
	}
	for _, tc := range tests {
		wantCode(t, tc.name, tc.err, tc.code)
	}
}

// checkUserReads reads want back by ID and by each login spelling.
func checkUserReads(t *testing.T, s Store, want *user.User, logins ...string) {
	t.Helper()
	got, err := s.UserByID(ctx(t), want.ID)
	if err != nil || *got != *want {
		t.Errorf("UserByID = %+v, %v; want %+v", got, err, want)
	}
	for _, l := range logins {
		got, err := s.UserByLogin(ctx(t), l)
		if err != nil || *got != *want {
			t.Errorf("UserByLogin(%s) = %+v, %v; want %+v", l, got, err, want)
		}
	}
}

func testMemberships(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_members")
	owner, agent, gone := mustUser(t, s, "owner"), mustUser(t, s, "agent"), mustUser(t, s, "gone")
	set := []user.Membership{
		{UserID: owner.ID, AccountID: user.AllAccounts, Role: user.Owner},
		{UserID: agent.ID, AccountID: acct.ID, Role: user.Viewer},
		{UserID: agent.ID, AccountID: acct.ID, Role: user.Agent, Capacity: 8}, // replaces viewer
		{UserID: agent.ID, AccountID: acct.ID + 1, Role: user.Operator},
		{UserID: gone.ID, AccountID: acct.ID, Role: user.Agent},
	}
	for _, m := range set {
		if err := s.SetMembership(ctx(t), m); err != nil {
			t.Fatalf("SetMembership(%+v): %v", m, err)
		}
	}
	gone.Disabled = true
	if err := s.UpdateUser(ctx(t), gone); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	checks := []struct {
		what string
		list func() ([]user.Membership, error)
		want []user.Membership
	}{
		{"Memberships(agent)", func() ([]user.Membership, error) { return s.Memberships(ctx(t), agent.ID) },
			[]user.Membership{set[2], set[3]}},
		{"Members(acct)", func() ([]user.Membership, error) { return s.Members(ctx(t), acct.ID) },
			[]user.Membership{set[0], set[2]}},
		{"Members(other)", func() ([]user.Membership, error) { return s.Members(ctx(t), acct.ID+1) },
			[]user.Membership{set[0], set[3]}},
	}
	for _, c := range checks {
		wantMemberships(t, c.what, c.list, c.want...)
	}
	if err := s.RemoveMembership(ctx(t), agent.ID, acct.ID); err != nil {
		t.Fatalf("RemoveMembership: %v", err)
	}
	wantMemberships(t, "Memberships after remove",
		func() ([]user.Membership, error) { return s.Memberships(ctx(t), agent.ID) }, set[3])
	wantCode(t, "remove twice", s.RemoveMembership(ctx(t), agent.ID, acct.ID), errs.NotFound)
	wantCode(t, "unknown user", s.SetMembership(ctx(t), user.Membership{UserID: gone.ID + 100,
		AccountID: acct.ID, Role: user.Agent}), errs.NotFound)
	wantCode(t, "unknown role", s.SetMembership(ctx(t), user.Membership{UserID: agent.ID,
		AccountID: acct.ID, Role: "boss"}), errs.Invalid)
}

func wantMemberships(t *testing.T, what string, list func() ([]user.Membership, error), want ...user.Membership) {
	t.Helper()
	got, err := list()
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %+v, %v; want %+v", what, got, err, want)
	}
}

func testSessions(t *testing.T, s Store) {
	u, other := mustUser(t, s, "sess"), mustUser(t, s, "other")
	s1 := mustSession(t, s, "s1", u.ID, base, time.Hour)
	s2 := mustSession(t, s, "s2", other.ID, base, time.Hour)
	got, err := s.SessionByID(ctx(t), s1.ID, base.Add(59*time.Minute))
	if err != nil || *got != *s1 {
		t.Fatalf("SessionByID = %+v, %v; want %+v", got, err, s1)
	}
	wantCode(t, "expired", second(s.SessionByID(ctx(t), s1.ID, base.Add(time.Hour))), errs.NotFound)
	if err := s.TouchSession(ctx(t), s1.ID, base.Add(time.Hour), base.Add(3*time.Hour)); err != nil {
		t.Fatalf("TouchSession: %v", err)
	}
	got, err = s.SessionByID(ctx(t), s1.ID, base.Add(2*time.Hour))
	if err != nil || !got.LastSeen.Equal(base.Add(time.Hour)) || !got.ExpiresAt.Equal(base.Add(3*time.Hour)) {
		t.Fatalf("after touch: %+v, %v", got, err)
	}
	// A new session sweeps the user's expired ones, and only theirs.
	mustSession(t, s, "s3", u.ID, base.Add(4*time.Hour), time.Hour)
	mustSession(t, s, "s4", u.ID, base.Add(4*time.Hour), time.Hour)
	wantCode(t, "swept", second(s.SessionByID(ctx(t), s1.ID, base)), errs.NotFound)
	if _, err := s.SessionByID(ctx(t), s2.ID, base); err != nil {
		t.Errorf("another user's session was swept: %v", err)
	}
	checkSessionDeletes(t, s, u.ID, s2.ID)
}

func checkSessionDeletes(t *testing.T, s Store, userID int64, otherID string) {
	at := base.Add(4 * time.Hour)
	if err := s.DeleteSession(ctx(t), "s3"); err != nil {
		t.Fatalf("DeleteSession: %v", err)
	}
	if err := s.DeleteSession(ctx(t), "s3"); err != nil {
		t.Errorf("DeleteSession of a gone session: %v", err)
	}
	wantCode(t, "deleted", second(s.SessionByID(ctx(t), "s3", at)), errs.NotFound)
	if err := s.DeleteUserSessions(ctx(t), userID); err != nil {
		t.Fatalf("DeleteUserSessions: %v", err)
	}
	wantCode(t, "user's deleted", second(s.SessionByID(ctx(t), "s4", at)), errs.NotFound)
	if _, err := s.SessionByID(ctx(t), otherID, base); err != nil {
		t.Errorf("DeleteUserSessions took another user's session: %v", err)
	}
	wantCode(t, "touch gone", s.TouchSession(ctx(t), "s4", at, at), errs.NotFound)
	wantCode(t, "unknown user", s.CreateSession(ctx(t), &user.Session{ID: "x", UserID: userID + 1000,
		CreatedAt: at, ExpiresAt: at, LastSeen: at}), errs.NotFound)
}

func mustSession(t *testing.T, s Store, id string, userID int64, at time.Time, ttl time.Duration) *user.Session {
	t.Helper()
	sess := &user.Session{ID: id, UserID: userID, CSRF: "csrf-" + id, CreatedAt: at, ExpiresAt: at.Add(ttl),
		LastSeen: at, IP: "192.0.2.7", UserAgent: "Mozilla/5.0 测试"}
	if err := s.CreateSession(ctx(t), sess); err != nil {
		t.Fatalf("CreateSession(%s): %v", id, err)
	}
	return sess
}

func testAPITokens(t *testing.T, s Store) {
	u, other := mustUser(t, s, "tok"), mustUser(t, s, "tok2")
	forever := mustAPIToken(t, s, u.ID, "ci", time.Time{})
	short := mustAPIToken(t, s, u.ID, "脚本", base.Add(time.Hour))
	theirs := mustAPIToken(t, s, other.ID, "theirs", time.Time{})
	got, err := s.APITokenByHash(ctx(t), forever.Hash, base.Add(1000*time.Hour))
	if err != nil || *got != *forever {
		t.Fatalf("APITokenByHash = %+v, %v; want %+v", got, err, forever)
	}
	if got, err := s.APITokenByHash(ctx(t), short.Hash, base); err != nil || *got != *short {
		t.Fatalf("APITokenByHash(short) = %+v, %v; want %+v", got, err, short)
	}
	wantCode(t, "expired", second(s.APITokenByHash(ctx(t), short.Hash, base.Add(time.Hour))), errs.NotFound)
	if err := s.TouchAPIToken(ctx(t), forever.ID, base.Add(time.Minute)); err != nil {
		t.Fatalf("TouchAPIToken: %v", err)
	}
	forever.LastUsed = base.Add(time.Minute)
	wantCode(t, "revoke someone else's", s.RevokeAPIToken(ctx(t), u.ID, theirs.ID), errs.NotFound)
	if err := s.RevokeAPIToken(ctx(t), u.ID, short.ID); err != nil {
		t.Fatalf("RevokeAPIToken: %v", err)
	}
	short.Revoked = true
	wantCode(t, "revoked", second(s.APITokenByHash(ctx(t), short.Hash, base)), errs.NotFound)
	list, err := s.ListAPITokens(ctx(t), u.ID)
	if err != nil || len(list) != 2 || list[0] != *short || list[1] != *forever {
		t.Fatalf("ListAPITokens = %+v, %v; want short (revoked), then forever", list, err)
	}
	wantCode(t, "duplicate hash", s.CreateAPIToken(ctx(t), &user.APIToken{UserID: u.ID, Name: "dup",
		Prefix: "fbt_", Hash: forever.Hash, CreatedAt: base}), errs.Conflict)
	wantCode(t, "unknown user", s.CreateAPIToken(ctx(t), &user.APIToken{UserID: other.ID + 100, Name: "x",
		Prefix: "fbt_", Hash: "other", CreatedAt: base}), errs.NotFound)
	wantCode(t, "touch unknown", s.TouchAPIToken(ctx(t), theirs.ID+100, base), errs.NotFound)
}

func mustAPIToken(t *testing.T, s Store, userID int64, name string, expires time.Time) *user.APIToken {
	t.Helper()
	tok := &user.APIToken{UserID: userID, Name: name, Prefix: "fbt_" + name, Hash: fmt.Sprintf("hash-%d-%s", userID, name),
		CreatedAt: base, ExpiresAt: expires}
	if err := s.CreateAPIToken(ctx(t), tok); err != nil {
		t.Fatalf("CreateAPIToken(%s): %v", name, err)
	}
	if tok.ID == 0 {
		t.Fatalf("CreateAPIToken(%s) set no ID", name)
	}
	return tok
}

func testAudit(t *testing.T, s Store) {
	entries := []user.AuditEntry{
		{UserID: 0, UserName: "cli", Action: "user.add", Target: "wang"},
		{UserID: 1, UserName: "王", AccountID: 7, Action: "rules.rollback", Target: "version 3", Detail: `{"to":3}`, IP: "192.0.2.1"},
		{UserID: 1, UserName: "王", AccountID: 8, Action: "user.grant", Target: "li"},
		{UserID: 2, UserName: "li", AccountID: 7, Action: "conversation.close", Target: "o123"},
		{UserID: 2, UserName: "li", AccountID: 7, Action: "user", Target: "exact"},
		{UserID: 2, UserName: "li", AccountID: 7, Action: "userx.add", Target: "not a child of user"},
	}
	for i := range entries {
		entries[i].At = base.Add(time.Duration(i) * time.Second)
		if err := s.AddAudit(ctx(t), &entries[i]); err != nil {
			t.Fatalf("AddAudit: %v", err)
		}
	}
	tests := []struct {
		name string
		f    user.AuditFilter
		want []int // indexes into entries, newest first
	}{
		{"all", user.AuditFilter{}, []int{5, 4, 3, 2, 1, 0}},
		{"account", user.AuditFilter{AccountID: 7}, []int{5, 4, 3, 1}},
		{"user", user.AuditFilter{UserID: 1}, []int{2, 1}},
		{"action prefix", user.AuditFilter{Action: "user"}, []int{4, 2, 0}},
		{"exact action", user.AuditFilter{Action: "user.grant"}, []int{2}},
		{"account and user", user.AuditFilter{AccountID: 7, UserID: 2, Limit: 2}, []int{5, 4}},
		{"page", user.AuditFilter{BeforeID: entries[3].ID, Limit: 2}, []int{2, 1}},
		{"nothing", user.AuditFilter{AccountID: 99}, nil},
	}
	for _, tc := range tests {
		got, err := s.ListAudit(ctx(t), tc.f)
		if err != nil {
			t.Fatalf("%s: ListAudit: %v", tc.name, err)
		}
		var want []user.AuditEntry
		for _, i := range tc.want {
			want = append(want, entries[i])
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: ListAudit = %+v\nwant %+v", tc.name, got, want)
		}
	}
}
