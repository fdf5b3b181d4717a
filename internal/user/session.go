package user

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// maxUserAgent bounds the User-Agent kept with a session.
const maxUserAgent = 256

// SessionID is the stored ID of the session whose cookie holds secret: its
// SHA-256, hex-encoded.
func SessionID(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// newSecret returns 32 random bytes, base64url without padding.
func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails: crypto/rand aborts the process instead
	return base64.RawURLEncoding.EncodeToString(b)
}

func wrongLogin() error {
	return errs.Errorf(errs.Unauthorized, "login or password is wrong (账号或密码错误)")
}

func notLoggedIn() error {
	return errs.Errorf(errs.Unauthorized, "not logged in or the session has expired (未登录或登录已过期)")
}

// Login checks a login and password and opens a session. It returns the
// cookie secret, which is stored nowhere: only its hash is the session ID.
// A wrong password and an unknown login fail alike (errs.Unauthorized, in
// the same time); a disabled user is errs.Forbidden; after 5 failures for
// one login within 15 minutes it refuses with errs.Unavailable (limiter.go).
func (s *Service) Login(ctx context.Context, login, password, ip, ua string) (*User, *Session, string, error) {
	login = strings.TrimSpace(login)
	now := s.now()
	if wait := s.limiter.attempt(login, now); wait > 0 {
		mins := int((wait + time.Minute - 1) / time.Minute)
		return nil, nil, "", errs.Errorf(errs.Unavailable,
			"too many failed logins, try again in %d minutes (登录失败次数过多，请 %d 分钟后再试)", mins, mins)
	}
	u, err := s.checkLogin(ctx, login, password)
	if errs.Is(err, errs.Unauthorized) {
		s.log().Info("login failed", "login", login, "ip", ip)
		return nil, nil, "", err
	}
	if err != nil {
		s.limiter.undo(login, now)
		return nil, nil, "", err
	}
	s.limiter.succeed(login)
	if u.Disabled {
		return nil, nil, "", errs.Errorf(errs.Forbidden, "this user is disabled (该用户已被停用)")
	}
	sess, secret := s.newSession(u.ID, now, ip, ua)
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return nil, nil, "", fmt.Errorf("login %s: %w", login, err)
	}
	s.log().Info("login", "user_id", u.ID, "ip", ip)
	return u, sess, secret, nil
}

// checkLogin finds the user and verifies the password, spending bcrypt's
// time even when the login does not exist.
func (s *Service) checkLogin(ctx context.Context, login, password string) (*User, error) {
	u, err := s.Store.UserByLogin(ctx, login)
	if errs.Is(err, errs.NotFound) {
		s.burnPasswordCheck(password)
		return nil, wrongLogin()
	}
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", login, err)
	}
	if !CheckPassword(u, password) {
		return nil, wrongLogin()
	}
	return u, nil
}

func (s *Service) newSession(userID int64, now time.Time, ip, ua string) (*Session, string) {
	if len(ua) > maxUserAgent {
		ua = strings.ToValidUTF8(ua[:maxUserAgent], "")
	}
	secret := newSecret()
	return &Session{
		ID: SessionID(secret), UserID: userID, CSRF: newSecret(),
		CreatedAt: now, ExpiresAt: now.Add(s.ttl()), LastSeen: now, IP: ip, UserAgent: ua,
	}, secret
}

// SessionUser returns who a session cookie belongs to, sliding the session's
// expiry forward (written at most once a minute).
func (s *Service) SessionUser(ctx context.Context, secret string) (*User, *Session, error) {
	if secret == "" {
		return nil, nil, notLoggedIn()
	}
	now := s.now()
	sess, err := s.Store.SessionByID(ctx, SessionID(secret), now)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, notLoggedIn()
	}
	if err != nil {
		return nil, nil, fmt.Errorf("session: %w", err)
	}
	u, err := s.activeUser(ctx, sess.UserID)
	if err != nil {
		return nil, nil, err
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		s.touchSession(ctx, sess, now)
	}
	return u, sess, nil
}

// activeUser loads a session's or token's user, refusing disabled ones.
func (s *Service) activeUser(ctx context.Context, id int64) (*User, error) {
	u, err := s.Store.UserByID(ctx, id)
	if errs.Is(err, errs.NotFound) {
		return nil, notLoggedIn()
	}
	if err != nil {
		return nil, fmt.Errorf("user %d: %w", id, err)
	}
	if u.Disabled {
		return nil, errs.Errorf(errs.Unauthorized, "this user is disabled (该用户已被停用)")
	}
	return u, nil
}

// touchSession slides the expiry; a failure only costs the slide, so it is
// logged rather than refusing the request.
func (s *Service) touchSession(ctx context.Context, sess *Session, now time.Time) {
	exp := now.Add(s.ttl())
	if err := s.Store.TouchSession(ctx, sess.ID, now, exp); err != nil {
		s.log().Warn("touch session", "user_id", sess.UserID, "err", err)
		return
	}
	sess.LastSeen, sess.ExpiresAt = now, exp
}

// Logout ends the session the cookie secret names; an unknown one is
// already over.
func (s *Service) Logout(ctx context.Context, secret string) error {
	if secret == "" {
		return nil
	}
	if err := s.Store.DeleteSession(ctx, SessionID(secret)); err != nil && !errs.Is(err, errs.NotFound) {
		return fmt.Errorf("logout: %w", err)
	}
	return nil
}
