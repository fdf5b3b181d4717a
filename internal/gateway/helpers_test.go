package gateway_test

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/wechat"
)

// setup tunes newHarness; the zero value is a production-like gateway.
type setup struct {
	opts gateway.Options
	wopt gateway.WriterOptions
	// committer wraps the real store for the writer (failures, stalls).
	committer func(db *sqlstore.DB) gateway.Committer
}

// harness is a gateway on a real SQLite store, served by httptest.
type harness struct {
	t       testing.TB
	db      *sqlstore.DB
	rules   *autoreply.Registry
	reg     *prometheus.Registry
	writer  *gateway.Writer
	gw      *gateway.Gateway
	srv     *httptest.Server
	sim     *simulator.Platform
	batches *batchLog
	accts   []*account.Account
}

// batchLog records the size of every group commit.
type batchLog struct {
	mu    sync.Mutex
	sizes []int
	errs  int
}

func (b *batchLog) observe(size int, _ time.Duration, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.sizes = append(b.sizes, size)
	if err != nil {
		b.errs++
	}
}

func (b *batchLog) snapshot() (sizes []int, errs int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]int(nil), b.sizes...), b.errs
}

var quiet = slog.New(slog.DiscardHandler)

func mustOpenDB(tb testing.TB, path string) *sqlstore.DB {
	tb.Helper()
	db, err := sqlstore.OpenSQLite(context.Background(), path)
	if err != nil {
		tb.Fatalf("open SQLite store: %v", err)
	}
	return db
}

// newHarness builds and serves a gateway; everything stops when the test ends.
func newHarness(tb testing.TB, s setup) *harness {
	tb.Helper()
	h := &harness{t: tb, db: mustOpenDB(tb, filepath.Join(tb.TempDir(), "fanbase.db")), batches: &batchLog{}}
	tb.Cleanup(func() { _ = h.db.Close() })
	h.rules = autoreply.NewRegistry(h.db, quiet)
	h.reg = prometheus.NewRegistry()
	metrics := gateway.NewMetrics(h.reg)
	var committer gateway.Committer = h.db
	if s.committer != nil {
		committer = s.committer(h.db)
	}
	s.wopt.Observe = func(size int, took time.Duration, err error) {
		metrics.ObserveBatch(size, took, err)
		h.batches.observe(size, took, err)
	}
	h.writer = gateway.NewWriter(committer, s.wopt)
	tb.Cleanup(h.writer.Close)
	if s.opts.Logger == nil {
		s.opts.Logger = quiet
	}
	if s.opts.MaxBody == 0 {
		s.opts.MaxBody = 16 << 10
	}
	if s.opts.CommitTimeout == 0 {
		s.opts.CommitTimeout = 10 * time.Second // this VM's disk stalls now and then; only timeout tests set less
	}
	h.gw = gateway.New(h.db, gateway.RuleDecider{Rules: h.rules}, h.writer, metrics, s.opts)
	h.srv = httptest.NewServer(handler(h.gw))
	tb.Cleanup(h.srv.Close) // runs before writer.Close: the server drains first
	h.sim = simulator.New(simulator.Options{Retries: -1, Logger: quiet})
	return h
}

// addAccount creates the account in the store and in the simulator, with
// credentials derived from appid. learnt says whether the store already
// knows the account's gh_ id (otherwise the gateway learns it).
func (h *harness) addAccount(appid, mode string, learnt bool) (simulator.Account, *account.Account) {
	h.t.Helper()
	sa := simtest.Account(appid, mode, h.srv.URL+"/wx/"+appid)
	a := &account.Account{AppID: appid, Name: "测试账号 " + appid, Secret: sa.Secret, Token: sa.Token,
		AESKey: sa.AESKey, Type: account.Service, Mode: account.Mode(mode), TimeZone: account.DefaultTimeZone}
	if learnt {
		a.OriginalID = sa.OriginalID
	}
	if err := a.Validate(); err != nil {
		h.t.Fatalf("account %s: %v", appid, err)
	}
	if err := h.db.CreateAccount(context.Background(), a); err != nil {
		h.t.Fatalf("create account %s: %v", appid, err)
	}
	simtest.MustAdd(h.t, h.sim, sa)
	h.accts = append(h.accts, a)
	return sa, a
}

// in returns the harness reporting to tb (a fuzz target's own T).
func (h *harness) in(tb testing.TB) *harness {
	c := *h
	c.t = tb
	return &c
}

// counts returns what the store holds for one account.
func (h *harness) counts(a *account.Account) inbox.Counts {
	h.t.Helper()
	c, err := h.db.Counts(context.Background(), a.ID)
	if err != nil {
		h.t.Fatalf("counts: %v", err)
	}
	return c
}

// total sums the counts of every account of the harness.
func (h *harness) total() inbox.Counts {
	h.t.Helper()
	var sum inbox.Counts
	for _, a := range h.accts {
		c := h.counts(a)
		sum.Messages += c.Messages
		sum.Events += c.Events
		sum.Replies += c.Replies
		sum.Followers += c.Followers
		sum.Subscribed += c.Subscribed
	}
	return sum
}

// message returns the stored push with the dedupe key.
func (h *harness) message(a *account.Account, key string) *inbox.Message {
	h.t.Helper()
	m, err := h.db.MessageByDedupeKey(context.Background(), a.ID, key)
	if err != nil {
		h.t.Fatalf("message %s: %v", key, err)
	}
	return m
}

// replies returns the replies stored for a message.
func (h *harness) replies(messageID int64) []inbox.Reply {
	h.t.Helper()
	rs, err := h.db.RepliesByMessage(context.Background(), messageID)
	if err != nil {
		h.t.Fatalf("replies to %d: %v", messageID, err)
	}
	return rs
}

// outcomes reads fanbase_callbacks_total by outcome.
func (h *harness) outcomes() map[string]float64 {
	h.t.Helper()
	families, err := h.reg.Gather()
	if err != nil {
		h.t.Fatalf("gather metrics: %v", err)
	}
	out := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "fanbase_callbacks_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "outcome" {
					out[l.GetValue()] = m.GetCounter().GetValue()
				}
			}
		}
	}
	return out
}

// outcomeDelta returns the outcomes counted between two readings.
func outcomeDelta(before, after map[string]float64) map[string]float64 {
	d := map[string]float64{}
	for k, v := range after {
		if v != before[k] {
			d[k] = v - before[k]
		}
	}
	return d
}

// Rule ids and replies of the standard rule set.
const (
	ruleWelcome = 1
	ruleStoreQR = 2
	ruleTickets = 3
	ruleDefault = 4

	welcomeText = "欢迎关注！Welcome!"
	storeQRText = "欢迎来自门店的朋友"
	ticketsText = "门票：成人 ¥180。Tickets: ¥180."
	defaultText = "收到，稍后回复。Got it."
)

func text(s string) []wechat.Reply { return []wechat.Reply{{Type: wechat.ReplyText, Content: s}} }

// standardRules is a small rule set with a welcome, a QR welcome, a
// keyword and a default rule.
func standardRules(accountID int64) *autoreply.RuleSet {
	return &autoreply.RuleSet{AccountID: accountID, Author: "test", Rules: []autoreply.Rule{
		{ID: ruleWelcome, Name: "welcome", Trigger: autoreply.TriggerSubscribe, Replies: text(welcomeText)},
		{ID: ruleStoreQR, Name: "store qr", Trigger: autoreply.TriggerSubscribe, Keys: []string{"store_001"}, Replies: text(storeQRText)},
		{ID: ruleTickets, Name: "tickets", Trigger: autoreply.TriggerKeyword, Priority: 10,
			Keywords: []autoreply.Keyword{{Text: "门票", Match: autoreply.MatchContains}}, Replies: text(ticketsText)},
		{ID: ruleDefault, Name: "default", Trigger: autoreply.TriggerDefault, Replies: text(defaultText)},
	}}
}

// saveRules stores a rule set and returns its version.
func (h *harness) saveRules(rs *autoreply.RuleSet) int64 {
	h.t.Helper()
	saved, err := h.rules.Save(context.Background(), rs)
	if err != nil {
		h.t.Fatalf("save rules: %v", err)
	}
	return saved.Version
}
