// Package api serves fanbase's JSON API under /api/v1: what the web pages
// show and do (accounts, conversations, messages, followers, replies,
// rules) for scripts and integrations. Every call is authenticated by the
// web session cookie (plus its CSRF token on changes) or by an API token,
// checked against the caller's role on the account, and every change is
// written to the audit log. The routes are one table (routes.go), each
// resource lives in its own file, and application error codes are mapped
// to HTTP statuses in one place (respond.go). openapi.yaml documents it all
// and is served at /api/v1/openapi.yaml.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/search"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/user"
)

// Auth is what the API needs from user.Service to recognise a caller.
type Auth interface {
	SessionUser(ctx context.Context, secret string) (*user.User, *user.Session, error)
	TokenUser(ctx context.Context, token string) (*user.User, *user.APIToken, error)
}

// Deps are the stores and services the API calls. The app fills them in;
// Auth, Users, Accounts, Followers and Rules are required. Without Desk the
// conversation endpoints answer 503 (and followers have no window or
// timeline); without Search, ?q= on messages does; without Notes the
// customer file lists no notes.
type Deps struct {
	Logger    *slog.Logger
	Auth      Auth
	Users     user.Store // memberships, colleagues and the audit log
	Accounts  account.Store
	Followers audience.ProfileReader // follower rows, lists, tags and follow history
	Notes     audience.NoteStore     // optional: notes in the customer file
	Rules     *autoreply.Registry
	Desk      *inbox.Desk       // conversations, reply windows, sending, timelines
	Search    search.Store      // message search (?q=)
	Replies   inbox.ReplyLister // what was sent, by rule, version, agent, time
	Articles  *content.Service  // the article library; without it, its endpoints answer 503
	// Broadcasts composes, checks, schedules and reports mass messages.
	Broadcasts *broadcast.Service
	// Menus edits and publishes custom menus; without it, its endpoints answer 503.
	Menus *menu.Service
	// Tags keeps follower tags in step with WeChat; without it, the tag endpoints answer 503.
	Tags *tagging.Service
	// Segments counts, keeps and exports saved audience segments; without it, its endpoints answer 503.
	Segments *segment.Service
	// FollowerSync runs follower syncs; without it, the sync endpoints answer 503.
	FollowerSync FollowerSyncer
	Now          func() time.Time
}

// API is the /api/v1 surface.
type API struct {
	Deps
	log   *slog.Logger
	paths *http.ServeMux // every route's path without its method, to tell 405 from 404
}

// New builds the API over its dependencies.
func New(d Deps) *API {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return &API{Deps: d, log: d.Logger}
}

// Register mounts every route of the table on mux (satisfies server.Surface).
func (a *API) Register(mux *http.ServeMux) {
	a.paths = http.NewServeMux()
	seen := map[string]bool{}
	for _, rt := range a.routes() {
		mux.Handle(rt.Method+" "+rt.Path, a.wrap(rt))
		if !seen[rt.Path] {
			seen[rt.Path] = true
			a.paths.Handle(rt.Path, http.NotFoundHandler())
		}
	}
	// Anything else under /api/v1 gets a JSON answer, not the web app's page.
	mux.Handle("/api/v1/", a.wrap(route{Path: "/api/v1/", handle: a.handleUnmatched}))
}

// handleUnmatched answers a path no route serves (404), or a known path
// called with another method (405 with the Allow header).
func (a *API) handleUnmatched(w http.ResponseWriter, r *http.Request, _ *call) error {
	if _, pattern := a.paths.Handler(r); pattern != "" {
		w.Header().Set("Allow", strings.Join(a.methodsOf(pattern), ", "))
		return errMethod
	}
	return errs.Errorf(errs.NotFound, "no API endpoint at %s (接口不存在)", r.URL.Path)
}

// methodsOf lists the methods the route table serves on one path.
func (a *API) methodsOf(path string) []string {
	var out []string
	for _, rt := range a.routes() {
		if rt.Path == path && !slices.Contains(out, rt.Method) {
			out = append(out, rt.Method)
		}
	}
	return out
}
