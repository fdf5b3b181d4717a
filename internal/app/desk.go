package app

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/inbox"
)

// deskParts are the service desk and the projector that keeps its
// conversations up to date from the messages table.
type deskParts struct {
	Desk      *inbox.Desk
	Projector *inbox.Projector
}

// openDesk builds the service desk on the open store: replies go out through
// the WeChat client (the simulator when the account's API base points
// there), live events to m.Live, and only one node projects at a time (a
// lease in the store). Call it once m.Store, m.WeChat and m.Live exist; give
// Desk to web.Deps.Desk and Projector.Notify to the gateway's publisher, then
// call runDesk after startBackground.
func (m *Main) openDesk() deskParts {
	desk := inbox.NewDesk(inbox.Options{
		Store:     m.Store,
		Directory: m.Store,
		Sender:    inbox.SenderFunc(m.sendCustom),
		Publisher: m.Live,
		Logger:    m.Logger,
	})
	proj := inbox.NewProjector(desk, inbox.ProjectorOptions{Lease: m.Store, Holder: m.WeChat.Holder() + ":desk"})
	return deskParts{Desk: desk, Projector: proj}
}

// sendCustom sends a customer-service message body for acct.
func (m *Main) sendCustom(ctx context.Context, acct *account.Account, body []byte) error {
	return m.WeChat.Account(m.Credentials(acct)).SendCustomJSON(ctx, body)
}

// runAnalytics folds new messages and replies into the dashboards' daily
// rollups in the background until Close; call it after startBackground.
func (m *Main) runAnalytics() {
	p := analytics.NewProjector(m.Store, m.Logger)
	m.goBackground(func(ctx context.Context) { p.Run(ctx, 2*time.Second) })
}

// runDesk runs the projector (and auto-assignment) in the background until
// Close. It chains onto the background jobs' stop, so call it after
// startBackground.
func (m *Main) runDesk(p *inbox.Projector) {
	m.goBackground(p.Run)
}

// goBackground runs fn until Close, chained onto the background jobs' stop.
func (m *Main) goBackground(fn func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	stopOthers := m.stopBg
	m.stopBg = func() {
		cancel()
		if stopOthers != nil {
			stopOthers()
		}
	}
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		fn(ctx)
	}()
}
