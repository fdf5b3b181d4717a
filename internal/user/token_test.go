package user_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

func TestCreateToken(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	u := f.addUser(t, "wang")
	token, tok, err := f.svc.CreateToken(t.Context(), u.ID, " 数据同步脚本 ", 720*time.Hour)
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, "fbt_"))
	if !strings.HasPrefix(token, "fbt_") || err != nil || len(raw) != 32 {
		t.Errorf("token %q is not fbt_ + 32 bytes base64url (%v)", token, err)
	}
	if tok.ID == 0 || tok.Name != "数据同步脚本" || tok.Prefix != token[:12] || tok.Hash != user.TokenHash(token) ||
		len(tok.Hash) != 64 || !tok.ExpiresAt.Equal(t0.Add(720*time.Hour)) {
		t.Errorf("APIToken = %+v", tok)
	}
	list, err := f.db.ListAPITokens(t.Context(), u.ID)
	if err != nil || len(list) != 1 || strings.Contains(list[0].Hash+list[0].Prefix, token[12:]) {
		t.Errorf("stored tokens %+v, %v: want one, without the token itself", list, err)
	}
	tests := []struct {
		name    string
		userID  int64
		tokName string
		ttl     time.Duration
		code    errs.Code
	}{
		{"no expiry", u.ID, "ci", 0, ""},
		{"empty name", u.ID, "  ", 0, errs.Invalid},
		{"long name", u.ID, strings.Repeat("名", 65), 0, errs.Invalid},
		{"negative ttl", u.ID, "x", -time.Hour, errs.Invalid},
		{"unknown user", u.ID + 100, "x", 0, errs.Unauthorized},
	}
	for _, tc := range tests {
		_, tok, err := f.svc.CreateToken(t.Context(), tc.userID, tc.tokName, tc.ttl)
		wantCode(t, tc.name, err, tc.code)
		if err == nil && !tok.ExpiresAt.IsZero() {
			t.Errorf("%s: ExpiresAt = %v, want none", tc.name, tok.ExpiresAt)
		}
	}
}

func TestTokenUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	u := f.addUser(t, "wang")
	token, tok, err := f.svc.CreateToken(t.Context(), u.ID, "ci", time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	revoked, rtok, err := f.svc.CreateToken(t.Context(), u.ID, "old", 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.RevokeAPIToken(t.Context(), u.ID, rtok.ID); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name     string
		advance  time.Duration
		token    string
		code     errs.Code
		lastUsed time.Time
	}{
		{"first use", 0, token, "", t0},
		{"30s later: no write", 30 * time.Second, token, "", t0},
		{"2m later: written", 90 * time.Second, token, "", t0.Add(2 * time.Minute)},
		{"revoked", 0, revoked, errs.Unauthorized, time.Time{}},
		{"no prefix", 0, strings.TrimPrefix(token, "fbt_"), errs.Unauthorized, time.Time{}},
		{"altered", 0, token[:len(token)-1] + "x", errs.Unauthorized, time.Time{}},
		{"expired", time.Hour, token, errs.Unauthorized, time.Time{}},
	}
	for _, st := range steps {
		f.clock.advance(st.advance)
		got, gotTok, err := f.svc.TokenUser(t.Context(), st.token)
		wantCode(t, st.name, err, st.code)
		if err != nil {
			continue
		}
		stored, _ := f.db.ListAPITokens(t.Context(), u.ID)
		if got.ID != u.ID || gotTok.ID != tok.ID || !gotTok.LastUsed.Equal(st.lastUsed) ||
			len(stored) != 2 || !stored[1].LastUsed.Equal(st.lastUsed) {
			t.Errorf("%s: user %d, token %+v, stored %+v; want last used %v", st.name, got.ID, gotTok, stored, st.lastUsed)
		}
	}
}

func TestTokenOfDisabledUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	u := f.addUser(t, "wang")
	token, _, err := f.svc.CreateToken(t.Context(), u.ID, "ci", 0)
	if err != nil {
		t.Fatal(err)
	}
	u.Disabled = true
	if err := f.db.UpdateUser(t.Context(), u); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "use", second(f.svc.TokenUser(t.Context(), token)), errs.Unauthorized)
	_, _, err = f.svc.CreateToken(t.Context(), u.ID, "new", 0)
	wantCode(t, "create", err, errs.Unauthorized)
}
