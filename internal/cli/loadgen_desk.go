package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/benchdata"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// deskBench is `fanbase loadgen desk`: the service desk under a big store.
// It seeds (once) a store with --messages and --followers, then measures
// over HTTP, as a browser would: the queue list, opening a conversation and
// search; then the delay from a callback to its live update while the
// gateway takes --live-rate callbacks per second.
type deskBench struct {
	cfg       config.Config
	messages  int
	followers int
	requests  int
	liveRate  float64
	liveFor   time.Duration
	out       io.Writer
}

const benchAppID = "wx_bench_01"

func loadgenDesk(ctx context.Context, e *env, args []string) error {
	b := deskBench{cfg: config.Default(), out: e.stdout}
	b.cfg.Data = "fanbase-bench-desk"
	fs := flag.NewFlagSet("loadgen desk", flag.ContinueOnError)
	b.cfg.StoreFlags(fs)
	fs.IntVar(&b.messages, "messages", 1_000_000, "stored messages to seed (once per store)")
	fs.IntVar(&b.followers, "followers", 200_000, "followers to seed")
	fs.IntVar(&b.requests, "requests", 300, "requests per measured page")
	fs.Float64Var(&b.liveRate, "live-rate", 1000, "callbacks per second during the live-update measurement; 0 skips it")
	fs.DurationVar(&b.liveFor, "live-duration", 20*time.Second, "how long the live-update measurement runs")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	if b.requests < 1 {
		return errs.Errorf(errs.Invalid, "--requests must be at least 1 (请求数至少为 1)")
	}
	return b.run(ctx)
}

func (b *deskBench) run(ctx context.Context) error {
	b.cfg.Addr = "127.0.0.1:0"
	b.cfg.TimestampWindow = 0
	b.cfg.LogLevel = "error"
	if err := b.seed(ctx); err != nil {
		return err
	}
	m := app.New(b.cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := m.Open(ctx); err != nil {
		return err
	}
	defer m.Close()
	acct, err := m.Store.AccountByAppID(ctx, benchAppID)
	if err != nil {
		return err
	}
	c, err := benchClient(ctx, m)
	if err != nil {
		return err
	}
	if err := b.measurePages(ctx, c, m.URL, acct); err != nil {
		return err
	}
	if b.liveRate > 0 {
		return b.measureLive(ctx, m, c, acct)
	}
	return nil
}

// seed fills the store once, before the server starts; later runs on the
// same store reuse the data. The desk's projector must not replay the
// seeded history (its conversations are loaded as they are), and search
// must have indexed it before it is measured.
func (b *deskBench) seed(ctx context.Context) error {
	db, err := app.OpenStore(ctx, b.cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.AccountByAppID(ctx, benchAppID); err == nil {
		fmt.Fprintf(b.out, "store already seeded: reusing %s\n", benchAppID)
		return nil
	}
	start := time.Now()
	res, err := benchdata.Seed(ctx, db, benchdata.Options{Messages: b.messages, Followers: b.followers})
	if err != nil {
		return err
	}
	fmt.Fprintf(b.out, "seeded %d messages, %d replies, %d followers, %d conversations in %s\n",
		res.Messages, res.Replies, res.Followers, res.Conversations, time.Since(start).Round(time.Second))
	next, err := db.NextID(ctx, "messages")
	if err != nil {
		return err
	}
	if err := db.AdvanceCursor(ctx, inbox.CursorConversations, next-1); err != nil {
		return err
	}
	start = time.Now()
	for {
		n, err := db.IndexSearch(ctx, 20000)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
	}
	fmt.Fprintf(b.out, "search index built in %s\n", time.Since(start).Round(time.Second))
	return nil
}

// benchClient logs a bench owner in and returns a client with its cookie.
func benchClient(ctx context.Context, m *app.Main) (*benchHTTP, error) {
	const login, password = "bench-owner", "bench-password-1"
	u, err := m.Store.UserByLogin(ctx, login)
	if errs.Is(err, errs.NotFound) {
		u, err = m.Users.AddUser(ctx, login, "压测", password)
	}
	if err != nil {
		return nil, err
	}
	if err := m.Store.SetMembership(ctx, user.Membership{UserID: u.ID, AccountID: user.AllAccounts, Role: user.Owner}); err != nil {
		return nil, err
	}
	_, _, secret, err := m.Users.Login(ctx, login, password, "127.0.0.1", "loadgen")
	if err != nil {
		return nil, err
	}
	return &benchHTTP{cookie: secret, http: &http.Client{Timeout: 30 * time.Second}}, nil
}

type benchHTTP struct {
	cookie string
	http   *http.Client
}

// get fetches a page and returns its body and how long it took.
func (c *benchHTTP) get(ctx context.Context, u string) (string, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", 0, err
	}
	req.AddCookie(&http.Cookie{Name: "fanbase_session", Value: c.cookie})
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return "", 0, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d", u, resp.StatusCode)
	}
	return string(body), took, err
}

var conversationLink = regexp.MustCompile(`/inbox/(\d+)`)

// searchTerms are what agents look for during a campaign: two-character
// words (the hard case for trigram indexes) and longer phrases.
var searchTerms = []string{"退款", "发货", "优惠券", "门票", "地址", "怎么", "客服", "会员卡", "预约", "多少钱", "refund", "ticket"}

func (b *deskBench) measurePages(ctx context.Context, c *benchHTTP, base string, acct *account.Account) error {
	prefix := base + "/a/" + acct.AppID
	queueBody, _, err := c.get(ctx, prefix+"/inbox")
	if err != nil {
		return err
	}
	closedBody, _, err := c.get(ctx, prefix+"/inbox?tab=closed")
	if err != nil {
		return err
	}
	var ids []string
	for _, m := range conversationLink.FindAllStringSubmatch(queueBody+closedBody, -1) {
		ids = append(ids, m[1])
	}
	if len(ids) == 0 {
		return fmt.Errorf("the queue page lists no conversations to open")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pages := []struct {
		name string
		url  func() string
	}{
		{"queue list", func() string { return prefix + "/inbox" }},
		{"conversation open", func() string { return prefix + "/inbox/" + ids[rng.IntN(len(ids))] }},
		{"search", func() string { return prefix + "/search?q=" + url.QueryEscape(searchTerms[rng.IntN(len(searchTerms))]) }},
	}
	fmt.Fprintf(b.out, "\n%-18s %8s %8s %8s %8s  (ms, %d requests each)\n", "page", "p50", "p95", "p99", "max", b.requests)
	for _, p := range pages {
		var took []time.Duration
		for range b.requests {
			_, d, err := c.get(ctx, p.url())
			if err != nil {
				return err
			}
			took = append(took, d)
		}
		printQuantiles(b.out, p.name, took)
	}
	return nil
}

func printQuantiles(w io.Writer, name string, d []time.Duration) {
	slices.Sort(d)
	q := func(f float64) float64 {
		return float64(d[min(len(d)-1, int(f*float64(len(d))))].Microseconds()) / 1000
	}
	fmt.Fprintf(w, "%-18s %8.1f %8.1f %8.1f %8.1f\n", name, q(0.50), q(0.95), q(0.99), float64(d[len(d)-1].Microseconds())/1000)
}
