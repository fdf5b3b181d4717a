package app

import (
	"context"
	"fmt"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/api"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
	"github.com/fanbase/fanbase/internal/inbox/canned"
	"github.com/fanbase/fanbase/internal/live"
	"github.com/fanbase/fanbase/internal/search"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/server"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/web"
)

// livePublisher tells the live hub (and whatever follows new messages, like
// the desk's projector) about every committed push.
type livePublisher struct {
	hub    *live.Hub
	notify []func()
}

// Committed implements gateway.Publisher.
func (p *livePublisher) Committed(acct *account.Account, item *inbox.Inbound, res inbox.Committed, _ gateway.Decision) {
	if res.Duplicate {
		return
	}
	for _, n := range p.notify {
		n()
	}
	p.hub.Publish(live.Event{AccountID: acct.ID, Kind: "message", Data: item.Message.OpenID})
}

// openWeb builds the users service, the web app and the JSON API on the
// open store and the service desk.
func (m *Main) openWeb(desk *inbox.Desk) ([]server.Surface, error) {
	m.Users = &user.Service{Store: m.Store, Logger: m.Logger}
	m.burst = m.openBurst(desk)
	m.syncs = newFollowerSyncs(m)
	articles := content.NewService(m.Store, nil)
	broadcasts := m.openBroadcasts()
	tags := m.openTags()
	menus := m.openMenus(articles)
	segments := segment.NewService(m.Store, nil)
	h, err := web.New(web.Deps{
		Logger: m.Logger, Auth: m.Users, Users: m.Store, Accounts: m.Store,
		Desk: desk, Followers: m.Store, Customers: m.Store, Canned: canned.NewService(m.Store, nil),
		Articles: articles, Rules: m.Rules, Live: m.Live, Analytics: analytics.NewService(m.Store, m.Logger),
		Search: m.Store, Burst: &burst.Tools{Store: m.Store, Queue: m.Store, Remedy: m.Store, Windower: burst.DeskAdapter{Desk: desk}, Runner: m.burst},
		FollowerSync: m.syncs, Broadcasts: broadcasts, Menus: menus, Tags: tags, Segments: segments,
	}, web.Options{SecureCookies: m.Config.SecureCookies})
	if err != nil {
		return nil, fmt.Errorf("build web app: %w", err)
	}
	m.Web = h
	v1 := api.New(api.Deps{
		Logger: m.Logger, Auth: m.Users, Users: m.Store, Accounts: m.Store,
		Followers: m.Store, Notes: m.Store, Rules: m.Rules, Desk: desk, Search: m.Store, Replies: m.Store, Articles: articles,
		FollowerSync: m.syncs, Broadcasts: broadcasts, Menus: menus, Tags: tags, Segments: segments,
	})
	return []server.Surface{h, v1}, nil
}

// openBurst builds the runner of bulk answers (clusters, remediation): it
// sends through the desk, within each follower's window.
func (m *Main) openBurst(desk *inbox.Desk) *burst.Runner {
	adapter := burst.DeskAdapter{Desk: desk}
	return burst.NewRunner(burst.RunnerOptions{
		Store: m.Store, Accounts: m.Store, Replier: adapter, Windower: adapter,
		Publisher: m.Live, Leaser: m.Store, Logger: m.Logger,
	})
}

// runSearchAndBurst keeps the SQLite search index current (PostgreSQL's
// indexes need no help) and serves bulk jobs, resuming unfinished ones.
func (m *Main) runSearchAndBurst() {
	indexer := search.NewIndexer(m.Store, m.Logger)
	m.goBackground(indexer.Run)
	m.goBackground(func(ctx context.Context) {
		if err := m.burst.Serve(ctx); err != nil && ctx.Err() == nil {
			m.Logger.Error("bulk answers stopped", "error", err.Error())
		}
	})
}
