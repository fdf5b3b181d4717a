// Package gateway is the WeChat callback endpoint, GET|POST /wx/{appid}: it
// verifies, decrypts and parses each push, lets the rules pick a reply,
// commits push and reply durably, and only then answers WeChat.
package gateway

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/wechat"
)

// Decision is the automatic answer chosen for one push.
type Decision struct {
	Reply       *wechat.Reply // nil: no automatic reply
	RuleID      int64
	RuleVersion int64
	Handoff     bool // a person should look at it
}

// Decider picks the automatic answer; the autoreply registry implements it.
type Decider interface {
	Decide(ctx context.Context, acct *account.Account, m *wechat.Message, now time.Time) (Decision, error)
}

// Publisher learns about committed pushes (live updates, counters). It is
// called after the commit, never before.
type Publisher interface {
	Committed(acct *account.Account, item *inbox.Inbound, res inbox.Committed, d Decision)
}

// Options configure the gateway.
type Options struct {
	// TimestampWindow refuses pushes whose timestamp is further than this
	// from now; 0 turns the check off (to replay captures and vectors).
	TimestampWindow time.Duration
	MaxBody         int64         // bytes; default 64 KiB
	CommitTimeout   time.Duration // default 3 s, inside WeChat's 5 s
	AccountTTL      time.Duration // default 30 s
	Now             func() time.Time
	Logger          *slog.Logger
	Publisher       Publisher
}

// Gateway serves the callback endpoint.
type Gateway struct {
	opts     Options
	accounts *accountCache
	store    account.Store
	decider  Decider
	writer   *Writer
	metrics  *Metrics
	log      *slog.Logger
}

// New builds a gateway. The writer must be running; the caller closes it
// after the HTTP server has drained.
func New(store account.Store, decider Decider, writer *Writer, metrics *Metrics, opts Options) *Gateway {
	if opts.MaxBody <= 0 {
		opts.MaxBody = 64 << 10
	}
	if opts.CommitTimeout <= 0 {
		opts.CommitTimeout = 3 * time.Second
	}
	if opts.AccountTTL <= 0 {
		opts.AccountTTL = 30 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Gateway{
		opts:     opts,
		accounts: newAccountCache(store, opts.AccountTTL, opts.Now),
		store:    store,
		decider:  decider,
		writer:   writer,
		metrics:  metrics,
		log:      opts.Logger.With("component", "gateway"),
	}
}

// Register adds the gateway's routes to mux.
func (g *Gateway) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /wx/{appid}", g.handleVerify)
	mux.HandleFunc("POST /wx/{appid}", g.handlePush)
	mux.HandleFunc("/wx/{appid}", g.handleBadMethod)
}

// Forget drops a cached account after it changed.
func (g *Gateway) Forget(appID string) { g.accounts.forget(appID) }

func (g *Gateway) handleBadMethod(w http.ResponseWriter, r *http.Request) {
	g.metrics.observeCallback(OutcomeBadMethod, 0)
	w.Header().Set("Allow", "GET, POST")
	http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
}

// handleVerify answers WeChat's URL verification: echostr, verbatim, when the
// signature is right. Official Accounts do not encrypt it, even in safe mode.
func (g *Gateway) handleVerify(w http.ResponseWriter, r *http.Request) {
	start := g.opts.Now()
	req, fail := g.authenticate(r)
	if fail != nil {
		g.refuse(w, r, fail, start)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(req.query.Get("echostr")))
	g.metrics.observeCallback(OutcomeVerified, g.opts.Now().Sub(start))
}
