// Package canned keeps each account's canned replies: texts agents insert
// into the composer by a shortcut such as "/退款", so that the same answer
// is typed once and sent the same way by everyone during a burst.
package canned

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
)

// Limits on a canned reply's fields. Content stays under the 2,048 bytes
// WeChat accepts in one customer-service text for any mix of Chinese and ASCII.
const (
	MaxShortcutRunes = 32
	MaxTitleRunes    = 100
	MaxContentRunes  = 600
)

// Reply is one canned reply of an account.
type Reply struct {
	ID        int64
	AccountID int64
	Shortcut  string // unique per account, starts with "/"
	Title     string
	Content   string
	CreatedBy int64 // user id; 0: the system
	CreatedAt time.Time
}

// Store keeps canned replies. A shortcut already used in the account is
// errs.Conflict; an id of another account is errs.NotFound.
type Store interface {
	CreateCanned(ctx context.Context, r *Reply) error
	// UpdateCanned rewrites shortcut, title and content of r.ID.
	UpdateCanned(ctx context.Context, r *Reply) error
	DeleteCanned(ctx context.Context, accountID, id int64) error
	CannedReply(ctx context.Context, accountID, id int64) (*Reply, error)
	// ListCanned lists the account's replies matching q (all when q is
	// ""): shortcut prefixes first, then other matches in shortcut, title
	// or content; by shortcut within each group.
	ListCanned(ctx context.Context, accountID int64, q string, limit int) ([]Reply, error)
}

// Normalize trims the fields, puts the leading "/" on the shortcut and
// checks every field, so that stores only see valid replies.
func (r *Reply) Normalize() error {
	r.Shortcut = NormalizeShortcut(r.Shortcut)
	r.Title = strings.TrimSpace(r.Title)
	r.Content = strings.TrimSpace(r.Content)
	switch {
	case r.Shortcut == "/":
		return errs.Errorf(errs.Invalid, "the shortcut is empty (快捷短语不能为空)")
	case strings.ContainsFunc(r.Shortcut, unicode.IsSpace):
		return errs.Errorf(errs.Invalid, "the shortcut cannot contain spaces (快捷短语不能包含空格)")
	case utf8.RuneCountInString(r.Shortcut) > MaxShortcutRunes:
		return tooLong("shortcut", "快捷短语", MaxShortcutRunes)
	case r.Title == "":
		return errs.Errorf(errs.Invalid, "the title is empty (标题不能为空)")
	case utf8.RuneCountInString(r.Title) > MaxTitleRunes:
		return tooLong("title", "标题", MaxTitleRunes)
	case r.Content == "":
		return errs.Errorf(errs.Invalid, "the content is empty (内容不能为空)")
	case utf8.RuneCountInString(r.Content) > MaxContentRunes:
		return tooLong("content", "内容", MaxContentRunes)
	}
	return nil
}

// NormalizeShortcut trims s and makes it start with exactly one "/".
func NormalizeShortcut(s string) string {
	return "/" + strings.TrimLeft(strings.TrimSpace(s), "/")
}

func tooLong(what, zh string, n int) error {
	return errs.Errorf(errs.Invalid, "the %s is longer than %d characters (%s不能超过 %d 个字)", what, n, zh, n)
}

// Service manages canned replies: it validates before the store sees them.
type Service struct {
	store Store
	now   func() time.Time
}

// NewService builds a Service; now may be nil (time.Now).
func NewService(store Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: store, now: now}
}

// Create validates and stores a new canned reply, setting its ID.
func (s *Service) Create(ctx context.Context, r *Reply) error {
	if err := r.Normalize(); err != nil {
		return err
	}
	r.CreatedAt = s.now()
	if err := s.store.CreateCanned(ctx, r); err != nil {
		return fmt.Errorf("canned: create %s: %w", r.Shortcut, err)
	}
	return nil
}

// Update validates and rewrites a canned reply of r.AccountID.
func (s *Service) Update(ctx context.Context, r *Reply) error {
	if err := r.Normalize(); err != nil {
		return err
	}
	if err := s.store.UpdateCanned(ctx, r); err != nil {
		return fmt.Errorf("canned: update %d: %w", r.ID, err)
	}
	return nil
}

// Delete removes a canned reply of the account.
func (s *Service) Delete(ctx context.Context, accountID, id int64) error {
	if err := s.store.DeleteCanned(ctx, accountID, id); err != nil {
		return fmt.Errorf("canned: delete %d: %w", id, err)
	}
	return nil
}

// Get returns one canned reply of the account.
func (s *Service) Get(ctx context.Context, accountID, id int64) (*Reply, error) {
	r, err := s.store.CannedReply(ctx, accountID, id)
	if err != nil {
		return nil, fmt.Errorf("canned: get %d: %w", id, err)
	}
	return r, nil
}

// Search lists the account's canned replies matching q ("" lists all).
func (s *Service) Search(ctx context.Context, accountID int64, q string, limit int) ([]Reply, error) {
	out, err := s.store.ListCanned(ctx, accountID, strings.TrimSpace(q), limit)
	if err != nil {
		return nil, fmt.Errorf("canned: search %q: %w", q, err)
	}
	return out, nil
}
