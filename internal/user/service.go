package user

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// DefaultSessionTTL is how long a session lives after its last use.
const DefaultSessionTTL = 7 * 24 * time.Hour

// touchEvery is how stale a session's LastSeen or a token's LastUsed may get
// before a use writes it again: at most one write a minute per session.
const touchEvery = time.Minute

// Service holds the rules around users: password checks, sessions, API
// tokens and the audit log. Its fields are set once before first use; the
// zero value of each optional field picks the default.
type Service struct {
	Store Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SessionTTL is how long a session stays valid after its last use
	// (sliding); 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// BcryptCost for new password hashes; 0 means bcrypt.DefaultCost.
	BcryptCost int
	// Logger receives login events; nil means slog.Default().
	Logger *slog.Logger

	limiter   loginLimiter
	dummyOnce sync.Once
	dummyHash string
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) ttl() time.Duration {
	if s.SessionTTL > 0 {
		return s.SessionTTL
	}
	return DefaultSessionTTL
}

func (s *Service) log() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// AddUser creates a user who can log in with the password. It grants no
// role: callers add memberships.
func (s *Service) AddUser(ctx context.Context, login, name, password string) (*User, error) {
	login, name = strings.TrimSpace(login), strings.TrimSpace(name)
	if name == "" {
		name = login
	}
	if err := ValidateLogin(login); err != nil {
		return nil, err
	}
	if err := ValidateName(name); err != nil {
		return nil, err
	}
	hash, err := s.hashPassword(password)
	if err != nil {
		return nil, err
	}
	u := &User{Login: login, Name: name, PasswordHash: hash, CreatedAt: s.now()}
	if err := s.Store.CreateUser(ctx, u); err != nil {
		return nil, fmt.Errorf("add user %s: %w", login, err)
	}
	return u, nil
}

// SetPassword replaces a user's password and ends all of their sessions, so
// that a reset locks out whoever knew the old one.
func (s *Service) SetPassword(ctx context.Context, userID int64, password string) error {
	hash, err := s.hashPassword(password)
	if err != nil {
		return err
	}
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	u.PasswordHash = hash
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("set password of %s: %w", u.Login, err)
	}
	if err := s.Store.DeleteUserSessions(ctx, userID); err != nil {
		return fmt.Errorf("end sessions of %s: %w", u.Login, err)
	}
	return nil
}

// Access lists the user's memberships, for permission checks.
func (s *Service) Access(ctx context.Context, userID int64) ([]Membership, error) {
	ms, err := s.Store.Memberships(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("access of user %d: %w", userID, err)
	}
	return ms, nil
}

// Audit records a change, stamping it with the current time when At is unset.
func (s *Service) Audit(ctx context.Context, e *AuditEntry) error {
	if e.At.IsZero() {
		e.At = s.now()
	}
	if err := s.Store.AddAudit(ctx, e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	return nil
}

// ValidateLogin checks a login name: 2–64 letters, digits or . _ @ -.
func ValidateLogin(login string) error {
	if len(login) < 2 || len(login) > 64 {
		return errs.Errorf(errs.Invalid, "login must be 2 to 64 characters long (登录名长度须为 2–64 个字符)")
	}
	for _, r := range login {
		if !loginRune(r) {
			return errs.Errorf(errs.Invalid,
				"login may only contain letters, digits and . _ @ - (登录名只能包含字母、数字和 . _ @ -)")
		}
	}
	return nil
}

func loginRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._@-", r)
}

// ValidateName checks a display name: not empty, at most 64 characters.
func ValidateName(name string) error {
	n := len([]rune(strings.TrimSpace(name)))
	if n == 0 {
		return errs.Errorf(errs.Invalid, "name must not be empty (姓名不能为空)")
	}
	if n > 64 {
		return errs.Errorf(errs.Invalid, "name must be at most 64 characters (姓名最多 64 个字符)")
	}
	return nil
}

// ValidLang reports whether lang is a UI language a user may prefer; ""
// means "from the browser".
func ValidLang(lang string) bool { return lang == "" || lang == "zh-CN" || lang == "en" }
