// Package app wires fanbase together: store, rules, WeChat client, gateway
// and HTTP server. Main has no globals and does no work at init, so the CLI,
// the demo and end-to-end tests all start the same application.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/burst"
	"github.com/fanbase/fanbase/internal/live"
	"github.com/fanbase/fanbase/internal/server"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/web"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// Main is one running fanbase process.
type Main struct {
	Config  config.Config
	Logger  *slog.Logger
	Store   *sqlstore.DB
	Rules   *autoreply.Registry
	WeChat  *wxclient.Client
	Gateway *gateway.Gateway
	Metrics *prometheus.Registry
	Users   *user.Service
	Live    *live.Hub
	Web     *web.Handler
	Desk    *inbox.Desk
	// URL is the base URL the server listens on, known after Open.
	URL string

	writer     *gateway.Writer
	server     *http.Server
	listener   net.Listener
	burst      *burst.Runner
	syncs      *followerSyncs
	broadcasts *broadcastRunner
	stopBg     context.CancelFunc
	bg         sync.WaitGroup
}

// New returns an unopened Main.
func New(cfg config.Config, logger *slog.Logger) *Main {
	return &Main{Config: cfg, Logger: logger}
}

// OpenStore opens the configured database, creating the data directory for SQLite.
func OpenStore(ctx context.Context, cfg config.Config) (*sqlstore.DB, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !cfg.UsesPostgres() {
		if err := os.MkdirAll(filepath.Dir(cfg.DSN()), 0o750); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	db, err := sqlstore.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return db, nil
}

// Open builds every part and starts serving on Config.Addr (":0" picks a port).
func (m *Main) Open(ctx context.Context) error {
	db, err := OpenStore(ctx, m.Config)
	if err != nil {
		return err
	}
	m.Store = db
	m.Metrics = prometheus.NewRegistry()
	m.Metrics.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.Rules = autoreply.NewRegistry(db, m.Logger)
	m.WeChat = wxclient.New(wxclient.Options{BaseURL: m.Config.APIBase, Store: db, Logger: m.Logger, RatePerSecond: m.Config.APIRate})

	m.Live = live.NewHub()
	desk := m.openDesk()
	publisher := &livePublisher{hub: m.Live, notify: []func(){desk.Projector.Notify}}
	metrics := gateway.NewMetrics(m.Metrics)
	committers := 1 // SQLite has one writer; more transactions would only queue
	if m.Config.UsesPostgres() {
		committers = 4
	}
	m.writer = gateway.NewWriter(db, gateway.WriterOptions{MaxBatch: m.Config.BatchMax, Committers: committers, Observe: metrics.ObserveBatch})
	m.Gateway = gateway.New(db, gateway.RuleDecider{Rules: m.Rules}, m.writer, metrics, gateway.Options{
		TimestampWindow: m.Config.TimestampWindow,
		MaxBody:         m.Config.MaxBody,
		CommitTimeout:   m.Config.CommitTimeout,
		Logger:          m.Logger,
		Publisher:       publisher,
	})
	m.Desk = desk.Desk
	surfaces, err := m.openWeb(desk.Desk)
	if err != nil {
		m.writer.Close()
		_ = db.Close()
		return err
	}
	handler := server.Handler(m.Logger, m.Metrics, db, append([]server.Surface{m.Gateway}, surfaces...)...)
	m.server = server.New(m.Config.Addr, handler, m.Logger)
	if m.listener, err = net.Listen("tcp", m.Config.Addr); err != nil {
		m.writer.Close()
		_ = db.Close()
		return fmt.Errorf("listen on %s: %w", m.Config.Addr, err)
	}
	m.URL = "http://" + m.listener.Addr().String()
	go func() {
		if err := m.server.Serve(m.listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			m.Logger.Error("http server stopped", "error", err.Error())
		}
	}()
	m.startBackground()
	m.runDesk(desk.Projector)
	m.runAnalytics()
	m.runSearchAndBurst()
	m.runFollowerSyncs()
	m.runBroadcasts()
	m.Logger.Info("fanbase serving", "url", m.URL, "config", m.Config.String())
	return nil
}

// Close stops accepting callbacks, lets in-flight ones finish and commit,
// then closes the store. It is safe to call on a partly opened Main.
func (m *Main) Close() error {
	var errsJoined error
	if m.Web != nil {
		m.Web.CloseStreams()
	}
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		errsJoined = errors.Join(errsJoined, m.server.Shutdown(ctx))
		cancel()
	}
	if m.stopBg != nil {
		m.stopBg()
		m.bg.Wait()
	}
	if m.writer != nil {
		m.writer.Close() // commits whatever is still queued
	}
	if m.Store != nil {
		errsJoined = errors.Join(errsJoined, m.Store.Close())
	}
	return errsJoined
}
