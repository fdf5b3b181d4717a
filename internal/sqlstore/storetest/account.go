package storetest

import (
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
)

func testAccounts(t *testing.T, s Store) {
	a := mustAccount(t, s, "wx_alpha")
	b := mustAccount(t, s, "wx_beta")
	if a.ID == 0 || b.ID == 0 || a.ID == b.ID || a.CreatedAt.IsZero() {
		t.Fatalf("CreateAccount set ID %d/%d, CreatedAt %v", a.ID, b.ID, a.CreatedAt)
	}
	t.Run("get", func(t *testing.T) { checkAccountReads(t, s, a) })
	t.Run("list", func(t *testing.T) {
		list, err := s.ListAccounts(ctx(t))
		if err != nil || len(list) != 2 || list[0].AppID != a.AppID || list[1].AppID != b.AppID {
			t.Fatalf("ListAccounts = %v, %v; want alpha, beta", list, err)
		}
	})
	t.Run("update", func(t *testing.T) {
		a.Name, a.Secret, a.OriginalID, a.APIBase = "改名", "new-secret", "gh_123", "http://127.0.0.1:1"
		if err := s.UpdateAccount(ctx(t), a); err != nil {
			t.Fatalf("UpdateAccount: %v", err)
		}
		checkAccountReads(t, s, a)
	})
	t.Run("learn original id", func(t *testing.T) { checkLearnOriginalID(t, s, b) })
	t.Run("errors", func(t *testing.T) { checkAccountErrors(t, s, a, b) })
}

// checkLearnOriginalID: the first push's gh_ id is recorded once, never over
// an id already set, and leaves every other column alone.
func checkLearnOriginalID(t *testing.T, s Store, b *account.Account) {
	steps := []struct {
		appID, gh string
		want      bool
	}{
		{b.AppID, "gh_first", true},
		{b.AppID, "gh_second", false},
		{"wx_nobody", "gh_x", false},
	}
	for _, st := range steps {
		got, err := s.LearnOriginalID(ctx(t), st.appID, st.gh)
		if err != nil || got != st.want {
			t.Fatalf("LearnOriginalID(%s, %s) = %v, %v; want %v", st.appID, st.gh, got, err, st.want)
		}
	}
	b.OriginalID = "gh_first"
	checkAccountReads(t, s, b)
}

func checkAccountReads(t *testing.T, s Store, want *account.Account) {
	t.Helper()
	byApp, err := s.AccountByAppID(ctx(t), want.AppID)
	if err != nil {
		t.Fatalf("AccountByAppID: %v", err)
	}
	byID, err := s.AccountByID(ctx(t), want.ID)
	if err != nil {
		t.Fatalf("AccountByID: %v", err)
	}
	for _, got := range []*account.Account{byApp, byID} {
		if !got.CreatedAt.Equal(want.CreatedAt) {
			t.Errorf("CreatedAt = %v, want %v", got.CreatedAt, want.CreatedAt)
		}
		g, w := *got, *want
		g.CreatedAt = w.CreatedAt
		if g != w {
			t.Errorf("read account %+v\nwant %+v", g, w)
		}
	}
}

func checkAccountErrors(t *testing.T, s Store, a, b *account.Account) {
	dup := *a
	dup.ID = 0
	clash := *b
	clash.AppID = a.AppID
	ghost := *a
	ghost.ID, ghost.AppID = a.ID+b.ID+100, "wx_ghost"
	tests := []struct {
		name string
		err  error
		code errs.Code
	}{
		{"duplicate appid", s.CreateAccount(ctx(t), &dup), errs.Conflict},
		{"update to taken appid", s.UpdateAccount(ctx(t), &clash), errs.Conflict},
		{"update unknown id", s.UpdateAccount(ctx(t), &ghost), errs.NotFound},
		{"unknown appid", second(s.AccountByAppID(ctx(t), "wx_nobody")), errs.NotFound},
		{"unknown id", second(s.AccountByID(ctx(t), ghost.ID)), errs.NotFound},
	}
	for _, tc := range tests {
		wantCode(t, tc.name, tc.err, tc.code)
	}
}

func second[T any](_ T, err error) error { return err }
