package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
	"github.com/fanbase/fanbase/internal/inbox/canned"
	"github.com/fanbase/fanbase/internal/live"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/search"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/user"
)

// Auth is what the web app needs from user.Service: logging people in, and
// (for the settings pages) adding users, setting passwords, issuing tokens.
type Auth interface {
	Login(ctx context.Context, login, password, ip, ua string) (*user.User, *user.Session, string, error)
	SessionUser(ctx context.Context, secret string) (*user.User, *user.Session, error)
	Logout(ctx context.Context, secret string) error
	people
}

// Deps are the services pages use. Features add their service here and the
// app fills it in; a nil service hides the pages that need it.
type Deps struct {
	Logger    *slog.Logger
	Auth      Auth
	Users     user.Store
	Accounts  account.Store
	Desk      *inbox.Desk // the service desk: queue, conversations, replies
	Followers audience.Store
	Customers audience.FileStore // the customer file: follower list, profiles, tags, notes
	Canned    *canned.Service    // canned replies
	Articles  *content.Service   // the article library (news items)
	Rules     *autoreply.Registry
	Analytics *analytics.Service // dashboards and agent performance
	Search    search.Store       // full-text search over messages and replies
	Burst     *burst.Tools       // clusters, bulk answers, remediation
	// FollowerSync runs follower syncs in the background (app's runner).
	FollowerSync FollowerSyncer
	Broadcasts   *broadcast.Service // composes, checks, schedules and reports mass messages
	Menus        *menu.Service      // custom menus: drafts, publishing, click counts
	Tags         *tagging.Service   // follower tags, kept in step with WeChat
	Segments     *segment.Service   // saved audience segments: counts, samples, CSV exports
	Live         *live.Hub
	Now          func() time.Time
}

// Options tune the web app.
type Options struct {
	// SecureCookies marks cookies Secure even on plain HTTP (behind a TLS proxy
	// that does not set X-Forwarded-Proto).
	SecureCookies bool
}

// Handler serves the web app.
type Handler struct {
	Deps
	opts   Options
	pages  map[string]*template.Template
	i18n   *catalog
	assets *assets
	log    *slog.Logger
	// streamsDone ends every open event stream at shutdown: http.Server's
	// Shutdown waits for handlers, and a stream never ends by itself.
	streamsDone chan struct{}
	closeOnce   sync.Once
	pageRoutes  []pageRoute
}

// CloseStreams ends the open live-event streams, so that a graceful
// shutdown does not wait for browsers to hang up.
func (h *Handler) CloseStreams() {
	h.closeOnce.Do(func() { close(h.streamsDone) })
}

// New parses the embedded templates and catalogs; an error here is a bug in
// the build, so tests catch it.
func New(d Deps, opts Options) (*Handler, error) {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	h := &Handler{Deps: d, opts: opts, log: d.Logger, streamsDone: make(chan struct{})}
	var err error
	if h.i18n, err = loadCatalog(); err != nil {
		return nil, err
	}
	if h.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if h.pages, err = parsePages(); err != nil {
		return nil, err
	}
	return h, nil
}

// Register mounts the web app's routes (satisfies server.Surface).
func (h *Handler) Register(mux *http.ServeMux) {
	rt := &router{h: h, mux: mux}
	mux.Handle("GET /static/", h.assets)
	h.routes(rt)
}
