// Package user knows who may do what: people who log in to fanbase, their
// roles per Official Account, their sessions and API tokens, and the audit
// log of what they changed.
package user

import (
	"context"
	"time"
)

// User is a person who logs in to the web app or calls the API.
type User struct {
	ID           int64
	Login        string // unique, case-insensitive; what they type at login
	Name         string // shown to colleagues, e.g. "客服小王"
	PasswordHash string // bcrypt; never shown, never logged
	Lang         string // preferred UI language ("zh-CN", "en"); "" = from the browser
	Disabled     bool
	CreatedAt    time.Time
}

// AllAccounts as a Membership's AccountID grants the role on every account,
// present and future (the first owner has it).
const AllAccounts int64 = 0

// Membership gives a user a role on one account (or on AllAccounts).
type Membership struct {
	UserID    int64
	AccountID int64
	Role      Role
	// Capacity is how many open conversations auto-assignment gives this
	// agent at once on this account; 0 means the default.
	Capacity int
}

// Session is one logged-in browser. ID is the SHA-256 of the cookie's
// secret, so a stolen database does not yield live cookies.
type Session struct {
	ID        string
	UserID    int64
	CSRF      string // per-session token every form and htmx request echoes
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
	IP        string
	UserAgent string
}

// APIToken lets a script call /api/v1 as a user. Only its hash is stored;
// the token itself is shown once, when created.
type APIToken struct {
	ID        int64
	UserID    int64
	Name      string
	Prefix    string // the first characters, to tell tokens apart in lists
	Hash      string // SHA-256 hex of the whole token
	CreatedAt time.Time
	LastUsed  time.Time // zero: never used
	ExpiresAt time.Time // zero: never expires
	Revoked   bool
}

// AuditEntry records one change someone made, for "who changed what".
type AuditEntry struct {
	ID        int64
	At        time.Time
	UserID    int64 // 0: the system or the CLI
	UserName  string
	AccountID int64  // 0: not about one account
	Action    string // dotted verb, e.g. "rules.rollback", "conversation.close"
	Target    string // what it was done to, e.g. "version 7", an openid
	Detail    string // short free text or JSON
	IP        string
}

// AuditFilter narrows ListAudit; zero fields match everything.
type AuditFilter struct {
	AccountID int64
	UserID    int64
	// Action matches entries with exactly this action or, for a prefix such
	// as "user", any action below it ("user.add", "user.grant").
	Action   string
	BeforeID int64 // paging: entries with a smaller ID
	Limit    int   // default 50, at most 500
}

// Store persists users, memberships, sessions, tokens and the audit log.
// Lookups of missing rows return an errs.NotFound error.
type Store interface {
	CreateUser(ctx context.Context, u *User) error // errs.Conflict if the login is taken
	UpdateUser(ctx context.Context, u *User) error // name, password hash, lang, disabled
	UserByID(ctx context.Context, id int64) (*User, error)
	UserByLogin(ctx context.Context, login string) (*User, error)
	ListUsers(ctx context.Context) ([]User, error)
	CountUsers(ctx context.Context) (int64, error)

	// SetMembership creates or replaces the user's role on the account.
	SetMembership(ctx context.Context, m Membership) error
	RemoveMembership(ctx context.Context, userID, accountID int64) error
	// Memberships lists a user's roles, AllAccounts ones included.
	Memberships(ctx context.Context, userID int64) ([]Membership, error)
	// Members lists who holds a role on the account, directly or through
	// AllAccounts: one row per membership (a user may have two), disabled
	// users left out, ordered by user ID.
	Members(ctx context.Context, accountID int64) ([]Membership, error)

	CreateSession(ctx context.Context, s *Session) error
	// SessionByID returns the session if it exists and has not expired at now.
	SessionByID(ctx context.Context, id string, now time.Time) (*Session, error)
	// TouchSession slides the session's expiry forward.
	TouchSession(ctx context.Context, id string, lastSeen, expiresAt time.Time) error
	DeleteSession(ctx context.Context, id string) error
	DeleteUserSessions(ctx context.Context, userID int64) error

	CreateAPIToken(ctx context.Context, t *APIToken) error
	// APITokenByHash returns an unrevoked, unexpired token.
	APITokenByHash(ctx context.Context, hash string, now time.Time) (*APIToken, error)
	ListAPITokens(ctx context.Context, userID int64) ([]APIToken, error)
	RevokeAPIToken(ctx context.Context, userID, id int64) error
	TouchAPIToken(ctx context.Context, id int64, at time.Time) error

	AddAudit(ctx context.Context, e *AuditEntry) error
	ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error)
}
