package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/reqauth"
	"github.com/fanbase/fanbase/internal/user"
)

// sessionCookie holds the session secret; the store keeps only its hash.
const sessionCookie = reqauth.SessionCookie

// Page is what one request knows about who asks and where: every handler
// and template gets it.
type Page struct {
	User     *user.User
	Role     user.Role        // on Account, or the strongest anywhere outside account pages
	Account  *account.Account // nil outside /a/{appid}/…
	Accounts []*account.Account
	Lang     string
	CSRF     string
	Title    string // translated page title, set by the handler
	Nav      string // the active navigation item
	Now      time.Time
	Path     string

	h           *Handler
	memberships []user.Membership
	session     *user.Session
	secret      string
}

// newPage loads the session behind the request's cookie.
func (h *Handler) newPage(r *http.Request) (*Page, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, errs.Errorf(errs.Unauthorized, "login required (请先登录)")
	}
	u, s, err := h.Auth.SessionUser(r.Context(), c.Value)
	if err != nil {
		return nil, err
	}
	ms, err := h.Users.Memberships(r.Context(), u.ID)
	if err != nil {
		return nil, fmt.Errorf("load memberships of user %d: %w", u.ID, err)
	}
	all, err := h.Accounts.ListAccounts(r.Context())
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	p := &Page{
		User: u, Role: strongestRole(ms), Accounts: accountsFor(all, ms), CSRF: s.CSRF,
		Now: h.Now(), Path: r.URL.Path, h: h, memberships: ms, session: s, secret: c.Value,
	}
	p.Lang = h.i18n.pick(r, u.Lang)
	return p, nil
}

// anonymousPage is the Page of a public route (login).
func (h *Handler) anonymousPage(r *http.Request) *Page {
	return &Page{Lang: h.i18n.pick(r, ""), Now: h.Now(), Path: r.URL.Path, h: h}
}

// T translates key into the page's language; args fill fmt verbs.
func (p *Page) T(key string, args ...any) string { return p.h.i18n.text(p.Lang, key, args...) }

// Can reports whether the user's role here is at least role.
func (p *Page) Can(role string) bool { return p.Role.AtLeast(user.Role(role)) }

// Asset returns the checksummed URL of an embedded static file.
func (p *Page) Asset(name string) string { return p.h.assets.url(name) }

// URL builds a path inside the current account: URL("/inbox/%d", 7) →
// "/a/wx123/inbox/7".
func (p *Page) URL(format string, args ...any) string {
	path := fmt.Sprintf(format, args...)
	if p.Account == nil {
		return path
	}
	return "/a/" + p.Account.AppID + path
}

// Location is the time zone reports and times are shown in.
func (p *Page) Location() *time.Location {
	if p.Account != nil {
		return p.Account.Location()
	}
	return defaultZone.Location()
}

// Time formats t in the account's time zone; the zero time is "—".
func (p *Page) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(p.Location()).Format("2006-01-02 15:04")
}

// Ago says how long ago t was, e.g. "3 分钟前" / "3 min ago".
func (p *Page) Ago(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return p.T("time.ago", p.Dur(p.Now.Sub(t)))
}

// Dur formats a duration for people: "45 秒", "3 分钟", "2 小时 5 分", "3 天".
func (p *Page) Dur(d time.Duration) string {
	switch {
	case d < time.Minute:
		return p.T("time.seconds", int(d.Seconds()))
	case d < time.Hour:
		return p.T("time.minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return p.T("time.hours_minutes", int(d.Hours()), int(d.Minutes())%60)
	}
	return p.T("time.days", int(d.Hours()/24))
}

// Millis is t as unix milliseconds, for client-side clocks (waiting timers).
func (p *Page) Millis(t time.Time) int64 { return t.UnixMilli() }

// defaultZone shows times outside account pages (account.Location caches
// the loaded zone).
var defaultZone = &account.Account{TimeZone: account.DefaultTimeZone}
