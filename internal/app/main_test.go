package app_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/wechat"
)

var quiet = slog.New(slog.DiscardHandler)

const e2eRules = `
rules:
  - {id: 1, name: welcome, trigger: subscribe, replies: [{type: text, content: "欢迎关注！"}]}
  - id: 2
    name: tickets
    trigger: keyword
    keywords: [{text: 门票, match: contains}, {text: ticket, match: contains}]
    replies: [{type: text, content: "门票 ¥180"}]
  - {id: 3, name: menu, trigger: click, keys: [MENU_TICKETS], replies: [{type: text, content: "在线购票"}]}
  - {id: 4, name: default, trigger: default, replies: [{type: text, content: "收到 Got it"}]}
`

// testConfig is a production configuration on a free port and a private
// data directory, with WeChat's API at apiBase.
func testConfig(dir, apiBase string) config.Config {
	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.Data = dir
	cfg.APIBase = apiBase
	return cfg
}

// mustOpen starts the whole application.
func mustOpen(t *testing.T, cfg config.Config) *app.Main {
	t.Helper()
	m := app.New(cfg, quiet)
	if err := m.Open(t.Context()); err != nil {
		_ = m.Close()
		t.Fatalf("open: %v", err)
	}
	return m
}

// setUpAccount creates a safe-mode account with the test rules, known to
// both fanbase and the simulator.
func setUpAccount(t *testing.T, m *app.Main, p *simulator.Platform, appid, apiBase string) (simulator.Account, *account.Account) {
	t.Helper()
	sa := simtest.Account(appid, simulator.ModeSafe, m.URL+"/wx/"+appid)
	a := &account.Account{AppID: appid, Name: "端到端 e2e", OriginalID: sa.OriginalID, Secret: sa.Secret,
		Token: sa.Token, AESKey: sa.AESKey, Type: account.Service, Mode: account.ModeSafe, APIBase: apiBase}
	if err := a.Validate(); err != nil {
		t.Fatalf("account: %v", err)
	}
	if err := m.Store.CreateAccount(t.Context(), a); err != nil {
		t.Fatalf("create account: %v", err)
	}
	rs, err := autoreply.ParseRuleFile([]byte(e2eRules), "yaml")
	if err != nil {
		t.Fatalf("parse rules: %v", err)
	}
	rs.AccountID = a.ID
	if _, err := m.Rules.Save(t.Context(), rs); err != nil {
		t.Fatalf("import rules: %v", err)
	}
	simtest.MustAdd(t, p, sa)
	return sa, a
}

// ledger records, per dedupe key, what the simulator saw acknowledged.
type ledger struct {
	mu      sync.Mutex
	refused int // pushes not answered 200
	acked   map[string]*wechat.Message
	replies map[string]string // dedupe key → reply content
}

func newLedger() *ledger {
	return &ledger{acked: map[string]*wechat.Message{}, replies: map[string]string{}}
}

func (l *ledger) record(m *wechat.Message, res *simulator.PushResult) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if res.Err != nil || res.Status != http.StatusOK {
		l.refused++
		return
	}
	key := wechat.DedupeKey(m)
	l.acked[key] = m
	if res.Reply != nil {
		l.replies[key] = res.Reply.Reply.Content
	}
}

func (l *ledger) snapshot() (acked map[string]*wechat.Message, replies map[string]string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	acked, replies = map[string]*wechat.Message{}, map[string]string{}
	for k, v := range l.acked {
		acked[k] = v
	}
	for k, v := range l.replies {
		replies[k] = v
	}
	return acked, replies
}

// TestEndToEnd starts fanbase as the CLI does, lets a crowd of virtual
// followers push through the simulator (every push sent twice, like
// WeChat's retries), and checks that every distinct push is stored once
// with its reply, that health and metrics answer, and that everything is
// still there after a restart on the same data directory.
func TestEndToEnd(t *testing.T) {
	p, api := simtest.NewServer(t, simulator.Options{Logger: quiet})
	cfg := testConfig(t.TempDir(), api.URL)
	m := mustOpen(t, cfg)
	defer func() { _ = m.Close() }()
	sa, a := setUpAccount(t, m, p, "wx_e2e_safe", api.URL)

	l := newLedger()
	rep, err := p.Run(t.Context(), sa.AppID, simulator.Scenario{Count: 200, Dup: 1, Concurrency: 8, Seed: 7,
		Followers: 40, Scenes: []string{"store_001"}, MenuKeys: []string{"MENU_TICKETS"}, OnResult: l.record})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	// Attempts may exceed Sent: a disk stall past CommitTimeout is answered
	// 503 and retried, as WeChat does; that is not a failure.
	if rep.Failed != 0 || rep.Sent != 400 || rep.Duplicates != 200 || rep.Replied == 0 {
		t.Fatalf("simulator report:\n%s", rep)
	}
	acked, replied := l.snapshot()
	t.Logf("simulator report:\n%s", rep)
	counts, err := m.Store.Counts(t.Context(), a.ID)
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	if counts.Messages+counts.Events != int64(len(acked)) || counts.Replies != int64(len(replied)) {
		t.Errorf("stored %+v; the simulator had %d distinct pushes acknowledged, %d with a reply", counts, len(acked), len(replied))
	}
	t.Logf("stored %+v", counts)
	checkHealth(t, m.URL)
	checkMetrics(t, m.URL, rep, len(acked))

	if err := m.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	m = mustOpen(t, cfg)
	assertSameCounts(t, m, a.ID, counts)
	retryAfterRestart(t, m, p, sa, a.ID, acked, replied)
}

func assertSameCounts(t *testing.T, m *app.Main, accountID int64, want inbox.Counts) {
	t.Helper()
	got, err := m.Store.Counts(t.Context(), accountID)
	if err != nil {
		t.Fatalf("counts after restart: %v", err)
	}
	if got != want {
		t.Errorf("after restart the store holds %+v, before %+v", got, want)
	}
}

// retryAfterRestart resends acknowledged pushes to the restarted server:
// each is a duplicate that gets the reply it got the first time.
func retryAfterRestart(t *testing.T, m *app.Main, p *simulator.Platform, sa simulator.Account, accountID int64,
	acked map[string]*wechat.Message, replied map[string]string) {
	t.Helper()
	sa.CallbackURL = m.URL + "/wx/" + sa.AppID
	simtest.MustAdd(t, p, sa) // the restarted server listens on another port
	before, err := m.Store.Counts(t.Context(), accountID)
	if err != nil {
		t.Fatalf("counts: %v", err)
	}
	n := 0
	for key, msg := range acked {
		if n++; n > 10 {
			break
		}
		res, err := p.Push(t.Context(), sa.AppID, msg)
		if err != nil || res.Err != nil {
			t.Fatalf("retry of %s after restart: %v %v", key, err, res.Err)
		}
		got := ""
		if res.Reply != nil {
			got = res.Reply.Reply.Content
		}
		if got != replied[key] {
			t.Errorf("retry of %s after restart got reply %q, first time %q", key, got, replied[key])
		}
	}
	assertSameCounts(t, m, accountID, before)
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

func checkHealth(t *testing.T, base string) {
	t.Helper()
	if status, body := get(t, base+"/healthz"); status != http.StatusOK || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz: %d %q", status, body)
	}
}

// checkMetrics reads /metrics: the gateway's series are exported and the
// callbacks counted match what the simulator sent: one "new" per distinct
// push and a "duplicate" for every other answer (unless a slow disk made
// the simulator retry, which moves a push from new to duplicate).
func checkMetrics(t *testing.T, base string, rep *simulator.Report, distinct int) {
	t.Helper()
	status, body := get(t, base+"/metrics")
	if status != http.StatusOK {
		t.Fatalf("/metrics: %d", status)
	}
	for _, name := range []string{"fanbase_callbacks_total", "fanbase_callback_duration_seconds",
		"fanbase_commit_batch_size", "fanbase_replies_total"} {
		if !strings.Contains(body, "\n"+name) {
			t.Errorf("/metrics lacks %s", name)
		}
	}
	values := sampleValues(body)
	news := values[`fanbase_callbacks_total{outcome="new"}`]
	dups := values[`fanbase_callbacks_total{outcome="duplicate"}`]
	if news+dups != float64(rep.Sent) || (rep.Attempts == rep.Sent && news != float64(distinct)) {
		t.Errorf("callbacks counted: %v new, %v duplicate; the simulator sent %d (%d distinct stored, %d attempts)",
			news, dups, rep.Sent, distinct, rep.Attempts)
	}
}

// sampleValues parses the text exposition format: series → value.
func sampleValues(body string) map[string]float64 {
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if v, err := strconv.ParseFloat(line[i+1:], 64); i > 0 && err == nil {
			out[line[:i]] = v
		}
	}
	return out
}

// TestGracefulShutdown is invariant 1 across a shutdown: pushes keep coming
// while Main.Close runs; every push that was answered 200 is in the store
// afterwards (the others failed visibly, and WeChat would retry them).
func TestGracefulShutdown(t *testing.T) {
	p, api := simtest.NewServer(t, simulator.Options{Logger: quiet, Retries: -1})
	cfg := testConfig(t.TempDir(), api.URL)
	m := mustOpen(t, cfg)
	sa, a := setUpAccount(t, m, p, "wx_e2e_shutdown", api.URL)

	l := newLedger()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() { pushUntil(t, p, sa.AppID, w, stop, l) })
	}
	waitAcked(t, l, 40)
	if err := m.Close(); err != nil {
		t.Errorf("close while pushes arrive: %v", err)
	}
	close(stop)
	wg.Wait()

	acked, _ := l.snapshot()
	db, err := app.OpenStore(context.Background(), cfg)
	if err != nil {
		t.Fatalf("reopen store: %v", err)
	}
	defer db.Close()
	for key := range acked {
		if _, err := db.MessageByDedupeKey(context.Background(), a.ID, key); err != nil {
			t.Errorf("push %s was acknowledged but is not stored: %v", key, err)
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	t.Logf("%d pushes acknowledged before and during shutdown, all stored; %d failed once the server was gone", len(acked), l.refused)
}

// pushUntil sends distinct text messages from one follower until stop.
func pushUntil(t *testing.T, p *simulator.Platform, appid string, worker int, stop <-chan struct{}, l *ledger) {
	openid := simulator.CrowdOpenID(appid, worker)
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		msg := simulator.TextMessage(openid, "门票 #"+strconv.Itoa(i), 0)
		res, err := p.Push(context.Background(), appid, msg)
		if err != nil {
			t.Errorf("push: %v", err)
			return
		}
		l.record(msg, res)
	}
}

// waitAcked waits until n pushes were acknowledged, so Close meets traffic.
func waitAcked(t *testing.T, l *ledger, n int) {
	t.Helper()
	for {
		acked, _ := l.snapshot()
		if len(acked) >= n {
			return
		}
		select {
		case <-t.Context().Done():
			t.Fatal("test ended before pushes were acknowledged")
		case <-time.After(time.Millisecond):
		}
	}
}
