package gateway_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/gateway"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

var errDiskFull = errors.New("disk full (磁盘已满)")

// flakyCommitter fails every commit while failing is set, then passes
// through to the real store.
type flakyCommitter struct {
	next    gateway.Committer
	failing atomic.Bool
}

func (f *flakyCommitter) CommitInbound(ctx context.Context, batch []inbox.Inbound) ([]inbox.Committed, error) {
	if f.failing.Load() {
		return nil, errDiskFull
	}
	return f.next.CommitInbound(ctx, batch)
}

// gatedCommitter holds each batch until the test opens the gate; entered
// receives one value per batch that reached it.
type gatedCommitter struct {
	next    gateway.Committer
	gate    chan struct{}
	once    sync.Once
	entered chan int
}

func newGated(next gateway.Committer) *gatedCommitter {
	return &gatedCommitter{next: next, gate: make(chan struct{}), entered: make(chan int, 1024)}
}

func (g *gatedCommitter) CommitInbound(ctx context.Context, batch []inbox.Inbound) ([]inbox.Committed, error) {
	g.entered <- len(batch)
	<-g.gate
	return g.next.CommitInbound(ctx, batch)
}

// open lets every batch through, now and later; it may be called twice.
func (g *gatedCommitter) open() { g.once.Do(func() { close(g.gate) }) }

// swappable commits to whichever store it currently points at.
type swappable struct{ cur atomic.Pointer[sqlstore.DB] }

func (s *swappable) CommitInbound(ctx context.Context, batch []inbox.Inbound) ([]inbox.Committed, error) {
	return s.cur.Load().CommitInbound(ctx, batch)
}

// recordingPublisher remembers what the gateway published.
type recordingPublisher struct {
	mu   sync.Mutex
	keys []string
}

func (p *recordingPublisher) Committed(_ *account.Account, item *inbox.Inbound, _ inbox.Committed, _ gateway.Decision) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.keys = append(p.keys, item.Message.DedupeKey)
}

func (p *recordingPublisher) published() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.keys...)
}

// TestStoreFailureAnswers503 is architecture invariant 1: when the store
// cannot commit, the push is not acknowledged (503, store_failed, nothing
// published) and WeChat's retry, once the store is back, is stored once.
func TestStoreFailureAnswers503(t *testing.T) {
	flaky := &flakyCommitter{}
	pub := &recordingPublisher{}
	h := newHarness(t, setup{
		opts:      gateway.Options{Publisher: pub},
		committer: func(db *sqlstore.DB) gateway.Committer { flaky.next = db; return flaky },
	})
	sa, a := h.addAccount("wx_store_fail", simulator.ModeSafe, true)
	h.saveRules(standardRules(a.ID))
	c := safeCallback(t, sa, sa.AppID, textXML(sa, "o_f", "门票", 9200, time.Now().Unix()), time.Now())

	flaky.failing.Store(true)
	before := h.outcomes()
	if status, body := h.post(c); status != http.StatusServiceUnavailable {
		t.Fatalf("status %d (%s) while the store fails, want 503", status, body)
	}
	assertOneOutcome(t, before, h.outcomes(), gateway.OutcomeStoreFailed)
	if got := h.counts(a); got != (inbox.Counts{}) {
		t.Fatalf("failed commit left %+v in the store", got)
	}
	if p := pub.published(); len(p) != 0 {
		t.Errorf("published %v before any commit", p)
	}

	flaky.failing.Store(false)
	assertRetryStoredOnce(t, h, sa, a, c, 2)
	if p := pub.published(); len(p) != 2 || p[0] != "m:9200" {
		t.Errorf("published %v, want m:9200 twice (new, then duplicate)", p)
	}
}

// assertRetryStoredOnce retries c n times after the store recovered: all
// 200 with the same reply, one message and one reply stored. Like WeChat it
// retries an attempt answered 503: a slow disk may still exceed a short
// CommitTimeout.
func assertRetryStoredOnce(t *testing.T, h *harness, sa simulator.Account, a *account.Account, c callback, n int) {
	t.Helper()
	var first []byte
	for i := range n {
		status, body := h.post(c)
		for try := 0; status == http.StatusServiceUnavailable && try < 10; try++ {
			status, body = h.post(c)
		}
		if status != http.StatusOK {
			t.Fatalf("retry %d: status %d (%s), want 200", i+1, status, body)
		}
		if got := openReply(t, sa, body); first == nil {
			first = got
		} else if string(got) != string(first) {
			t.Errorf("retry %d answered differently", i+1)
		}
	}
	if got := h.counts(a); got.Messages != 1 || got.Replies != 1 {
		t.Errorf("after the retries the store holds %+v, want 1 message and 1 reply", got)
	}
}

// TestCommitTimeoutAnswers503: a commit that does not finish within
// CommitTimeout is not acknowledged; when it does finish later, WeChat's
// retry finds it and gets the reply stored with it.
func TestCommitTimeoutAnswers503(t *testing.T) {
	var gated *gatedCommitter
	h := newHarness(t, setup{
		opts:      gateway.Options{CommitTimeout: 200 * time.Millisecond},
		committer: func(db *sqlstore.DB) gateway.Committer { gated = newGated(db); return gated },
	})
	t.Cleanup(gated.open) // never leave the writer stuck if the test fails early
	sa, a := h.addAccount("wx_store_slow", simulator.ModeSafe, true)
	h.saveRules(standardRules(a.ID))
	c := safeCallback(t, sa, sa.AppID, textXML(sa, "o_s", "门票", 9300, time.Now().Unix()), time.Now())

	before := h.outcomes()
	if status, body := h.post(c); status != http.StatusServiceUnavailable {
		t.Fatalf("status %d (%s) while the commit hangs, want 503", status, body)
	}
	assertOneOutcome(t, before, h.outcomes(), gateway.OutcomeStoreFailed)
	gated.open()
	before = h.outcomes()
	assertRetryStoredOnce(t, h, sa, a, c, 1)
	if d := outcomeDelta(before, h.outcomes()); d[gateway.OutcomeDuplicate] != 1 || d[gateway.OutcomeNew] != 0 {
		t.Errorf("outcomes %v: the retry must find the push stored by the attempt that timed out", d)
	}
}

// TestStoreClosedAnswers503: the database goes away under the writer; the
// push is refused with 503 and stored once after the database is back.
func TestStoreClosedAnswers503(t *testing.T) {
	sw := &swappable{}
	h := newHarness(t, setup{committer: func(db *sqlstore.DB) gateway.Committer { sw.cur.Store(db); return sw }})
	sa, a := h.addAccount("wx_store_closed", simulator.ModeSafe, true)
	h.saveRules(standardRules(a.ID))
	warm := safeCallback(t, sa, sa.AppID, textXML(sa, "o_c", "hello", 9400, time.Now().Unix()), time.Now())
	if status, _ := h.post(warm); status != http.StatusOK {
		t.Fatalf("warm-up push: status %d", status)
	}
	path := filepath.Join(t.TempDir(), "second.db")
	if err := h.db.Close(); err != nil {
		t.Fatalf("close store: %v", err)
	}
	c := safeCallback(t, sa, sa.AppID, textXML(sa, "o_c", "门票", 9401, time.Now().Unix()), time.Now())
	before := h.outcomes()
	if status, body := h.post(c); status != http.StatusServiceUnavailable {
		t.Fatalf("status %d (%s) with the store closed, want 503", status, body)
	}
	assertOneOutcome(t, before, h.outcomes(), gateway.OutcomeStoreFailed)

	back := mustOpenDB(t, path) // a restored database
	t.Cleanup(func() { _ = back.Close() })
	restored := *a
	if err := back.CreateAccount(context.Background(), &restored); err != nil || restored.ID != a.ID {
		t.Fatalf("restore account: id %d, want %d: %v", restored.ID, a.ID, err)
	}
	sw.cur.Store(back)
	h.db = back
	h.accts = []*account.Account{&restored}
	assertRetryStoredOnce(t, h, sa, &restored, c, 2)
}

// TestWriterCloseCommitsQueued: Close refuses new commits but every push
// already queued is committed and its caller told so.
func TestWriterCloseCommitsQueued(t *testing.T) {
	db := mustOpenDB(t, filepath.Join(t.TempDir(), "w.db"))
	t.Cleanup(func() { _ = db.Close() })
	acct := mustAccount(t, db)
	gated := newGated(db)
	w := gateway.NewWriter(gated, gateway.WriterOptions{MaxBatch: 4})
	t.Cleanup(w.Close)
	t.Cleanup(gated.open)
	const n = 13
	results := make([]error, n)
	var wg sync.WaitGroup
	wg.Go(func() { _, results[0] = w.Commit(context.Background(), item(acct, 0)) })
	<-gated.entered // the first batch is in the store; the rest will queue
	for i := 1; i < n; i++ {
		wg.Go(func() { _, results[i] = w.Commit(context.Background(), item(acct, i)) })
	}
	waitFor(t, "commits to queue", func() bool { return gateway.QueueLen(w) == n-1 })
	closed := make(chan struct{})
	go func() { w.Close(); close(closed) }()
	waitFor(t, "Close to refuse new commits", func() bool { return gateway.IsClosed(w) })
	if _, err := w.Commit(context.Background(), item(acct, 99)); !errors.Is(err, gateway.ErrClosed) {
		t.Errorf("Commit while closing: %v, want ErrClosed", err)
	}
	select {
	case <-closed:
		t.Fatal("Close returned while a batch was still in the store")
	default:
	}
	gated.open()
	<-closed
	if c, _ := db.Counts(context.Background(), acct.ID); c.Messages != n {
		t.Errorf("Close returned with %d of %d queued pushes committed", c.Messages, n)
	}
	wg.Wait()
	for i, err := range results {
		if err != nil {
			t.Errorf("commit %d: %v", i, err)
		}
	}
	if _, err := w.Commit(context.Background(), item(acct, 100)); !errors.Is(err, gateway.ErrClosed) {
		t.Errorf("Commit after Close: %v, want ErrClosed", err)
	}
	w.Close() // twice is fine
}

// TestWriterBatches: pushes that queue while a transaction runs are
// committed together, up to MaxBatch, and duplicates inside one batch
// collapse onto the first.
func TestWriterBatches(t *testing.T) {
	db := mustOpenDB(t, filepath.Join(t.TempDir(), "w.db"))
	t.Cleanup(func() { _ = db.Close() })
	acct := mustAccount(t, db)
	gated := newGated(db)
	log := &batchLog{}
	w := gateway.NewWriter(gated, gateway.WriterOptions{MaxBatch: 8, Observe: log.observe})
	t.Cleanup(w.Close)
	t.Cleanup(gated.open)
	const n = 41
	res := make([]inbox.Committed, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	wg.Go(func() { res[0], errs[0] = w.Commit(context.Background(), item(acct, 0)) })
	<-gated.entered
	for i := 1; i < n; i++ {
		wg.Go(func() { res[i], errs[i] = w.Commit(context.Background(), item(acct, i%20)) })
	}
	waitFor(t, "commits to queue", func() bool { return gateway.QueueLen(w) == n-1 })
	gated.open()
	wg.Wait()
	sizes, failed := log.snapshot()
	total, biggest := 0, 0
	for _, s := range sizes {
		total, biggest = total+s, max(biggest, s)
	}
	if total != n || failed != 0 || biggest != 8 || len(sizes) > 1+(n-1+7)/8 {
		t.Errorf("batches %v (%d failed), want %d pushes in batches of at most 8, the full ones first", sizes, failed, n)
	}
	assertDedupedResults(t, res, errs)
	if c, _ := db.Counts(context.Background(), acct.ID); c.Messages != 20 || c.Replies != 20 {
		t.Errorf("counts %+v, want 20 messages and 20 replies", c)
	}
}

// assertDedupedResults checks that pushes of one dedupe key (item i%20)
// share the message id and the reply body, and exactly one is new.
func assertDedupedResults(t *testing.T, res []inbox.Committed, errs []error) {
	t.Helper()
	first := map[int]inbox.Committed{}
	news := map[int]int{}
	for i, r := range res {
		if errs[i] != nil {
			t.Fatalf("commit %d: %v", i, errs[i])
		}
		k := i % 20
		if !r.Duplicate {
			news[k]++
		}
		f, seen := first[k]
		if !seen {
			first[k] = r
			continue
		}
		if r.MessageID != f.MessageID || r.Reply == nil || f.Reply == nil || string(r.Reply.Body) != string(f.Reply.Body) {
			t.Errorf("commit %d: message %d reply %v; want message %d and the same reply", i, r.MessageID, r.Reply, f.MessageID)
		}
	}
	for k := range 20 {
		if news[k] != 1 {
			t.Errorf("key %d committed as new %d times, want once", k, news[k])
		}
	}
}

func mustAccount(t *testing.T, db *sqlstore.DB) *account.Account {
	t.Helper()
	a := &account.Account{AppID: "wx_writer", Name: "writer", Token: "tok", Type: account.Service, Mode: account.ModePlain}
	if err := db.CreateAccount(context.Background(), a); err != nil {
		t.Fatalf("create account: %v", err)
	}
	return a
}

// item is push number i of the writer tests, with a reply.
func item(a *account.Account, i int) inbox.Inbound {
	now := time.Now().UTC()
	key := "m:" + itoa(int64(5000+i))
	return inbox.Inbound{
		Message: inbox.Message{AccountID: a.ID, OpenID: "o_w", Kind: inbox.KindMessage, MsgType: "text",
			MsgID: int64(5000 + i), DedupeKey: key, Content: "hi", Raw: []byte("<xml/>"), CreateTime: now, ReceivedAt: now},
		Reply: &inbox.Reply{AccountID: a.ID, OpenID: "o_w", Channel: inbox.ChannelPassive, MsgType: "text",
			Content: "re " + key, Body: []byte("<xml>" + key + "</xml>"), Status: "sent", CreatedAt: now},
	}
}

// waitFor polls cond until it holds; it fails the test after a generous
// deadline (a hang, not a slow machine).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
