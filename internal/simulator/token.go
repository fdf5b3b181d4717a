package simulator

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"
)

// tokenState holds an account's current access_token and the one it
// replaced, which keeps working until its grace period ends.
type tokenState struct {
	current, previous issuedToken
}

type issuedToken struct {
	value      string
	expires    time.Time
	graceUntil time.Time // set once a newer token replaced this one
}

// issue makes a new current token and returns the value that stops being
// known at all (the token before the previous one), or "".
func (t *tokenState) issue(now time.Time, ttl, grace time.Duration) (fresh, dropped string) {
	dropped = t.previous.value
	if t.current.value != "" {
		t.previous = t.current
		t.previous.graceUntil = now.Add(grace)
	}
	t.current = issuedToken{value: newTokenValue(), expires: now.Add(ttl)}
	return t.current.value, dropped
}

// check returns the errcode for using value now, 0 when it is valid.
func (t *tokenState) check(value string, now time.Time) int {
	switch {
	case same(value, t.current.value):
		return expiredCode(t.current, now)
	case same(value, t.previous.value) && !now.After(t.previous.graceUntil):
		return expiredCode(t.previous, now)
	}
	return ErrInvalidCred
}

func expiredCode(t issuedToken, now time.Time) int {
	if now.Before(t.expires) {
		return 0
	}
	return ErrTokenExpired
}

func same(a, b string) bool {
	return b != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// newTokenValue returns 128 characters of [A-Za-z0-9_-], about the length
// of a real access_token.
func newTokenValue() string {
	var b [96]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// tokenBody is the success answer of /cgi-bin/token.
type tokenBody struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// handleToken serves GET /cgi-bin/token?grant_type=client_credential&appid=&secret=.
func (p *Platform) handleToken(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if code := tokenQueryCode(r.Method, q.Get("grant_type"), q.Get("appid"), q.Get("secret")); code != 0 {
		p.fail(w, r, nil, code, "")
		return
	}
	a, err := p.lookup(q.Get("appid"))
	if err != nil {
		p.fail(w, r, nil, ErrInvalidAppID, "")
		return
	}
	fresh, code := p.issueToken(a, q.Get("secret"))
	if code != 0 {
		p.fail(w, r, a, code, "")
		return
	}
	writeJSON(w, http.StatusOK, tokenBody{AccessToken: fresh, ExpiresIn: int(p.opts.TokenTTL / time.Second)})
}

func tokenQueryCode(method, grant, appid, secret string) int {
	switch {
	case method != http.MethodGet:
		return ErrRequireGET
	case grant != "client_credential":
		return ErrGrantType
	case appid == "":
		return ErrAppIDMissing
	case secret == "":
		return ErrSecretMissing
	}
	return 0
}

// issueToken checks the secret and the quota, then rotates the account's
// token and indexes the new value.
func (p *Platform) issueToken(a *account, secret string) (string, int) {
	now := p.opts.Now()
	a.mu.Lock()
	if !same(secret, a.cfg.Secret) {
		a.mu.Unlock()
		return "", ErrInvalidSecret
	}
	if !p.useQuotaLocked(a, "/cgi-bin/token", now) {
		a.mu.Unlock()
		return "", ErrDailyQuota
	}
	fresh, dropped := a.tokens.issue(now, p.opts.TokenTTL, p.opts.OldTokenGrace)
	a.fetches++
	appid := a.cfg.AppID
	a.mu.Unlock()

	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.tokenIndex, dropped)
	p.tokenIndex[fresh] = appid
	return fresh, 0
}

// authorize finds the account that owns the request's access_token and
// returns the errcode WeChat would give when it may not call.
func (p *Platform) authorize(r *http.Request) (*account, int) {
	value := r.URL.Query().Get("access_token")
	if value == "" {
		return nil, ErrTokenMissing
	}
	p.mu.RLock()
	a := p.accounts[p.tokenIndex[value]]
	p.mu.RUnlock()
	if a == nil {
		return nil, ErrInvalidCred
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a, a.tokens.check(value, p.opts.Now())
}

// TokenFetches reports how many access_tokens the account has been issued;
// tests of the one-refresher invariant count them.
func (p *Platform) TokenFetches(appid string) int {
	a, err := p.lookup(appid)
	if err != nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.fetches
}
