package simulator_test

import (
	"net/url"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/simulator"
)

func TestTokenFetch(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tests := []struct {
		name  string
		query url.Values
		want  int
	}{
		{"ok", tokenQuery(c.acct.AppID, c.acct.Secret), 0},
		{"wrong secret", tokenQuery(c.acct.AppID, "wrong"), simulator.ErrInvalidSecret},
		{"unknown appid", tokenQuery("wx_nobody", c.acct.Secret), simulator.ErrInvalidAppID},
		{"missing appid", tokenQuery("", c.acct.Secret), simulator.ErrAppIDMissing},
		{"missing secret", tokenQuery(c.acct.AppID, ""), simulator.ErrSecretMissing},
		{"bad grant_type", url.Values{"grant_type": {"password"}, "appid": {c.acct.AppID}, "secret": {c.acct.Secret}}, simulator.ErrGrantType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := c.get("/cgi-bin/token", tt.query)
			wantCode(t, tt.name, out, tt.want)
			if tt.want != 0 {
				return
			}
			if tok, _ := out["access_token"].(string); len(tok) < 100 {
				t.Errorf("access_token %q is too short to look real", tok)
			}
			if out["expires_in"] != float64(7200) {
				t.Errorf("expires_in = %v, want 7200", out["expires_in"])
			}
		})
	}
	if got := c.p.TokenFetches(c.acct.AppID); got != 1 {
		t.Errorf("TokenFetches = %d, want 1 (failed fetches do not count)", got)
	}
}

// TestTokenLifecycle walks one account through rotation and expiry; each
// step may advance the clock, may fetch a new token, then uses token
// number `use` (0 = first fetched; -1 = none, -2 = made up) on user/get.
func TestTokenLifecycle(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tokens := []string{c.fetchToken()}
	steps := []struct {
		name    string
		advance time.Duration
		fetch   bool
		use     int
		want    int
	}{
		{"fresh token works", 0, false, 0, 0},
		{"missing token", 0, false, -1, simulator.ErrTokenMissing},
		{"unknown token", 0, false, -2, simulator.ErrInvalidCred},
		{"old token works after a new fetch", time.Hour, true, 0, 0},
		{"old token still works at 5 min", 5 * time.Minute, false, 0, 0},
		{"old token refused after grace", time.Second, false, 0, simulator.ErrInvalidCred},
		{"new token works", 0, false, 1, 0},
		{"new token expires after 7200 s", 7200*time.Second - 5*time.Minute - time.Second, false, 1, simulator.ErrTokenExpired},
	}
	for _, s := range steps {
		c.clock.Advance(s.advance)
		if s.fetch {
			tokens = append(tokens, c.fetchToken())
		}
		tok := map[int]string{-1: "", -2: "not-a-token"}[s.use]
		if s.use >= 0 {
			tok = tokens[s.use]
		}
		got := errcode(c.get("/cgi-bin/user/get", url.Values{"access_token": {tok}}))
		if got != s.want {
			t.Errorf("%s: errcode %d, want %d", s.name, got, s.want)
		}
	}
	if got := c.p.TokenFetches(c.acct.AppID); got != 2 {
		t.Errorf("TokenFetches = %d, want 2", got)
	}
}

func TestTokenPreviousExpiresWithinGrace(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	first := c.fetchToken()
	c.clock.Advance(7200*time.Second - time.Minute)
	second := c.fetchToken()
	c.clock.Advance(2 * time.Minute) // first is within grace but past its own expiry
	if got := errcode(c.get("/cgi-bin/user/get", url.Values{"access_token": {first}})); got != simulator.ErrTokenExpired {
		t.Errorf("old expired token: errcode %d, want 42001", got)
	}
	if got := errcode(c.get("/cgi-bin/user/get", url.Values{"access_token": {second}})); got != 0 {
		t.Errorf("current token: errcode %d, want 0", got)
	}
}

func TestTokenOnlyTwoLive(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	first := c.fetchToken()
	c.fetchToken()
	c.fetchToken() // a third fetch drops the first at once, grace or not
	if got := errcode(c.get("/cgi-bin/user/get", url.Values{"access_token": {first}})); got != simulator.ErrInvalidCred {
		t.Errorf("token two fetches old: errcode %d, want 40001", got)
	}
}

func TestTokenDailyQuota(t *testing.T) {
	c := newAPI(t, simulator.Options{DailyQuota: map[string]int{"/cgi-bin/token": 2}})
	c.fetchToken()
	c.fetchToken()
	wantCode(t, "third fetch", c.get("/cgi-bin/token", tokenQuery(c.acct.AppID, c.acct.Secret)), simulator.ErrDailyQuota)
	c.clock.Advance(24 * time.Hour)
	wantCode(t, "next day", c.get("/cgi-bin/token", tokenQuery(c.acct.AppID, c.acct.Secret)), 0)
}
