// Package content keeps each account's article library: news items (title,
// digest, cover image, link) written once and reused by automatic replies,
// broadcasts and menus, so that the same article looks the same everywhere.
package content

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Limits on an article's fields. Title and digest are what a WeChat news
// card shows before it cuts the text off; URLs stay far below what the
// passive reply XML and the mass-send API accept.
const (
	MaxTitleRunes  = 64
	MaxDigestRunes = 120
	MaxAuthorRunes = 32
	MaxURLBytes    = 2048
)

// Article is one news item of an account's library.
type Article struct {
	ID        int64
	AccountID int64
	Title     string
	Digest    string // the description under the title; may be empty
	CoverURL  string // the cover image (http or https)
	URL       string // where a tap leads (http or https)
	Author    string // optional
	CreatedBy int64  // user id; 0: the system or an API caller without a user
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Query selects a page of an account's articles, newest first.
type Query struct {
	AccountID int64
	Search    string // matches inside the title, case-insensitively; "" matches all
	BeforeID  int64  // keyset position: only ids below it; 0 starts at the newest
	Limit     int    // at most this many; <= 0 means the store's default
}

// Store keeps articles. An id of another account is errs.NotFound, and so
// is an account that does not exist.
type Store interface {
	CreateArticle(ctx context.Context, a *Article) error
	// UpdateArticle rewrites the fields of a.ID (not its creator or
	// creation time) and sets its UpdatedAt.
	UpdateArticle(ctx context.Context, a *Article) error
	DeleteArticle(ctx context.Context, accountID, id int64) error
	Article(ctx context.Context, accountID, id int64) (*Article, error)
	ListArticles(ctx context.Context, q Query) ([]Article, error)
}

// Normalize trims the fields and checks every one, so that stores only see
// articles WeChat will show.
func (a *Article) Normalize() error {
	a.Title, a.Digest = strings.TrimSpace(a.Title), strings.TrimSpace(a.Digest)
	a.CoverURL, a.URL = strings.TrimSpace(a.CoverURL), strings.TrimSpace(a.URL)
	a.Author = strings.TrimSpace(a.Author)
	if err := checkText(a.Title, "title", "标题", MaxTitleRunes, true); err != nil {
		return err
	}
	if err := checkText(a.Digest, "digest", "摘要", MaxDigestRunes, false); err != nil {
		return err
	}
	if err := checkURL(a.CoverURL, "cover image URL", "封面图片地址"); err != nil {
		return err
	}
	if err := checkURL(a.URL, "link", "原文链接"); err != nil {
		return err
	}
	return checkText(a.Author, "author", "作者", MaxAuthorRunes, false)
}

// checkText refuses an empty required field, a too long one, and control
// characters (which XML cannot carry and a card cannot show).
func checkText(s, what, zh string, max int, required bool) error {
	switch {
	case required && s == "":
		return errs.Errorf(errs.Invalid, "the %s is empty (%s不能为空)", what, zh)
	case utf8.RuneCountInString(s) > max:
		return errs.Errorf(errs.Invalid, "the %s is longer than %d characters (%s不能超过 %d 个字)", what, max, zh, max)
	case !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl):
		return errs.Errorf(errs.Invalid, "the %s contains control characters or line breaks (%s不能包含换行或控制字符)", what, zh)
	}
	return nil
}

// checkURL accepts an absolute http or https URL with a host.
func checkURL(s, what, zh string) error {
	if s == "" {
		return errs.Errorf(errs.Invalid, "the %s is empty (%s不能为空)", what, zh)
	}
	if len(s) > MaxURLBytes {
		return errs.Errorf(errs.Invalid, "the %s is longer than %d bytes (%s不能超过 %d 个字符)", what, MaxURLBytes, zh, MaxURLBytes)
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		return errs.Errorf(errs.Invalid, "the %s must be a full http:// or https:// address (%s须为以 http:// 或 https:// 开头的完整网址)", what, zh)
	}
	return nil
}

// ToNews turns library articles into the items of a WeChat news message,
// for replies, broadcasts and menus.
func ToNews(articles []Article) []wechat.Article {
	out := make([]wechat.Article, 0, len(articles))
	for _, a := range articles {
		out = append(out, wechat.Article{Title: a.Title, Description: a.Digest, PicURL: a.CoverURL, URL: a.URL})
	}
	return out
}

// Service manages the article library: it validates before the store sees
// an article and pages lists by keyset.
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

// Create validates and stores a new article, setting its ID and times.
func (s *Service) Create(ctx context.Context, a *Article) error {
	if err := a.Normalize(); err != nil {
		return err
	}
	a.CreatedAt = s.now()
	a.UpdatedAt = a.CreatedAt
	if err := s.store.CreateArticle(ctx, a); err != nil {
		return fmt.Errorf("content: create article %q: %w", a.Title, err)
	}
	return nil
}

// Update validates and rewrites an article of a.AccountID.
func (s *Service) Update(ctx context.Context, a *Article) error {
	if err := a.Normalize(); err != nil {
		return err
	}
	a.UpdatedAt = s.now()
	if err := s.store.UpdateArticle(ctx, a); err != nil {
		return fmt.Errorf("content: update article %d: %w", a.ID, err)
	}
	return nil
}

// Delete removes an article of the account.
func (s *Service) Delete(ctx context.Context, accountID, id int64) error {
	if err := s.store.DeleteArticle(ctx, accountID, id); err != nil {
		return fmt.Errorf("content: delete article %d: %w", id, err)
	}
	return nil
}

// Get returns one article of the account.
func (s *Service) Get(ctx context.Context, accountID, id int64) (*Article, error) {
	a, err := s.store.Article(ctx, accountID, id)
	if err != nil {
		return nil, fmt.Errorf("content: get article %d: %w", id, err)
	}
	return a, nil
}

// Paging limits of List.
const (
	DefaultPageSize = 20
	MaxPageSize     = 200
)

// Page is one page of a list: the articles, and the BeforeID of the next
// page (0 on the last).
type Page struct {
	Items []Article
	Next  int64
}

// List returns a page of the account's articles, newest first, whose titles
// contain q.Search.
func (s *Service) List(ctx context.Context, q Query) (Page, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultPageSize
	}
	q.Limit = min(q.Limit, MaxPageSize)
	want := q.Limit
	q.Search = strings.TrimSpace(q.Search)
	q.Limit++ // one more tells whether a next page exists
	items, err := s.store.ListArticles(ctx, q)
	if err != nil {
		return Page{}, fmt.Errorf("content: list articles %q: %w", q.Search, err)
	}
	var p Page
	if len(items) > want {
		items = items[:want]
		p.Next = items[want-1].ID
	}
	p.Items = items
	return p, nil
}
