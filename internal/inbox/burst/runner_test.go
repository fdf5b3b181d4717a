package burst_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox/burst"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

var now = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

// wechatAPI stands in for the customer-service API behind the desk: it
// counts calls per follower, fails for some, and can hang on one call
// until the caller gives up (a crash in the middle of a request).
type wechatAPI struct {
	mu     sync.Mutex
	calls  map[string]int
	fail   map[string]bool
	hangAt int           // the nth call (1-based) hangs until ctx ends; 0: never
	hung   chan struct{} // closed when the hanging call starts
	n      int
}

func newAPI() *wechatAPI {
	return &wechatAPI{calls: map[string]int{}, fail: map[string]bool{}, hung: make(chan struct{})}
}

func (a *wechatAPI) SendReply(ctx context.Context, _ *account.Account, openid, text string, agentID int64) (int64, error) {
	a.mu.Lock()
	a.n++
	n := a.n
	a.calls[openid]++
	fail := a.fail[openid]
	a.mu.Unlock()
	if n == a.hangAt {
		close(a.hung)
		<-ctx.Done()
		return 0, ctx.Err()
	}
	if fail {
		return 0, errs.Errorf(errs.Unavailable, "errcode 45015: response out of time limit (回复时间超过限制)")
	}
	return int64(1000 + n), nil
}

// window is closed for some followers.
type window map[string]string

func (w window) WindowOpen(_ context.Context, _ *account.Account, openid string, _ time.Time) (bool, string, error) {
	if reason, ok := w[openid]; ok {
		return false, reason, nil
	}
	return true, "", nil
}

// events records what the runner published.
type events struct {
	mu   sync.Mutex
	seen []string
}

func (e *events) PublishKind(accountID int64, kind, data string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seen = append(e.seen, fmt.Sprintf("%d/%s/%s", accountID, kind, data))
}

type fixture struct {
	db   *sqlstore.DB
	acct *account.Account
	job  *burst.Job
}

// newFixture stores an account and a job to n followers o_00, o_01, ….
func newFixture(t *testing.T, n int) *fixture {
	t.Helper()
	db, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "burst.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	acct := &account.Account{AppID: "wx_burst", Name: "burst", Token: "tok", Type: account.Service, Mode: account.ModePlain}
	if err := db.CreateAccount(t.Context(), acct); err != nil {
		t.Fatalf("CreateAccount: %v", err)
	}
	var rs []burst.Recipient
	for i := range n {
		rs = append(rs, burst.Recipient{OpenID: fmt.Sprintf("o_%02d", i), ConversationID: int64(i + 1)})
	}
	job, err := burst.NewJob(t.Context(), db, acct, burst.KindCluster, "优惠券在结算页选择即可使用", "优惠券怎么用", 7, rs, now)
	if err != nil {
		t.Fatalf("NewJob: %v", err)
	}
	return &fixture{db: db, acct: acct, job: job}
}

func (f *fixture) runner(api *wechatAPI, w window, pub burst.Publisher) *burst.Runner {
	return burst.NewRunner(burst.RunnerOptions{Store: f.db, Accounts: f.db, Replier: api, Windower: w,
		Publisher: pub, Leaser: f.db, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

// statuses maps each recipient to its status (and error, if any).
func (f *fixture) statuses(t *testing.T) map[string]burst.Recipient {
	t.Helper()
	rs, err := f.db.BulkRecipients(t.Context(), f.job.ID, "", 0, 1000)
	if err != nil {
		t.Fatalf("BulkRecipients: %v", err)
	}
	out := map[string]burst.Recipient{}
	for _, r := range rs {
		out[r.OpenID] = r
	}
	return out
}

func TestRunnerSendsSkipsAndRecordsFailures(t *testing.T) {
	f := newFixture(t, 6)
	api, pub := newAPI(), &events{}
	api.fail["o_04"] = true
	w := window{"o_02": "window.closed.expired"}
	if err := f.runner(api, w, pub).Run(t.Context(), f.job.ID); err != nil {
		t.Fatalf("Run: %v", err)
	}
	got := f.statuses(t)
	for openid, want := range map[string]burst.Status{"o_00": burst.StatusSent, "o_01": burst.StatusSent,
		"o_02": burst.StatusSkippedWindow, "o_03": burst.StatusSent, "o_04": burst.StatusFailed, "o_05": burst.StatusSent} {
		if got[openid].Status != want {
			t.Errorf("%s: %s, want %s", openid, got[openid].Status, want)
		}
	}
	if got["o_02"].Error != "window.closed.expired" || api.calls["o_02"] != 0 {
		t.Errorf("skipped recipient: %+v, %d API calls; want the reason and no call", got["o_02"], api.calls["o_02"])
	}
	if got["o_04"].Error == "" || api.calls["o_04"] != 1 {
		t.Errorf("failed recipient: %+v, %d calls; want WeChat's error after one call", got["o_04"], api.calls["o_04"])
	}
	if got["o_00"].ReplyID == 0 {
		t.Errorf("sent recipient has no reply id: %+v", got["o_00"])
	}
	j, err := f.db.BulkJob(t.Context(), f.job.ID)
	if err != nil || j.Status != burst.JobDone || j.Counts != (burst.Counts{Total: 6, Sent: 4, Failed: 1, Skipped: 1}) {
		t.Errorf("job after run = %+v, %v", j, err)
	}
	want := fmt.Sprintf("%d/bulk/%d", f.acct.ID, f.job.ID)
	if len(pub.seen) == 0 || pub.seen[len(pub.seen)-1] != want {
		t.Errorf("published %q, want it to end with %q", pub.seen, want)
	}
}

// TestRunnerKillAndResume cancels the runner while an API call is in
// flight (as a crash would), then starts a new runner on the same store:
// nobody is called twice, the interrupted recipient becomes "unknown" and
// everyone else gets the message.
func TestRunnerKillAndResume(t *testing.T) {
	f := newFixture(t, 20)
	first := newAPI()
	first.hangAt = 8
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- f.runner(first, nil, nil).Run(ctx, f.job.ID) }()
	<-first.hung
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("killed Run = %v, want context.Canceled", err)
	}
	if got := f.statuses(t)["o_07"].Status; got != burst.StatusSending {
		t.Fatalf("interrupted recipient is %s, want sending", got)
	}
	second := newAPI()
	if err := f.runner(second, nil, nil).Run(t.Context(), f.job.ID); err != nil {
		t.Fatalf("resumed Run: %v", err)
	}
	checkOnce(t, f, []*wechatAPI{first, second}, map[string]bool{"o_07": true})
}

// TestRunnerKilledRepeatedly kills the runner after every few calls until
// the job is done.
func TestRunnerKilledRepeatedly(t *testing.T) {
	f := newFixture(t, 25)
	var apis []*wechatAPI
	unknown := map[string]bool{}
	for round := 0; round < 50; round++ {
		api := newAPI()
		api.hangAt = 1 + round%4
		apis = append(apis, api)
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { done <- f.runner(api, nil, nil).Run(ctx, f.job.ID) }()
		select {
		case <-api.hung:
			cancel()
			<-done
			for openid, r := range f.statuses(t) {
				if r.Status == burst.StatusSending {
					unknown[openid] = true
				}
			}
		case err := <-done:
			cancel()
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			checkOnce(t, f, apis, unknown)
			return
		}
	}
	t.Fatal("the job never finished")
}

// checkOnce asserts that every recipient was called at most once over all
// runners, that those interrupted mid-call are "unknown" and everyone else
// "sent", and that the job is done.
func checkOnce(t *testing.T, f *fixture, apis []*wechatAPI, interrupted map[string]bool) {
	t.Helper()
	calls := map[string]int{}
	for _, a := range apis {
		for openid, n := range a.calls {
			calls[openid] += n
		}
	}
	for openid, r := range f.statuses(t) {
		want := burst.StatusSent
		if interrupted[openid] {
			want = burst.StatusUnknown
		}
		if r.Status != want || calls[openid] != 1 {
			t.Errorf("%s: %s after %d API calls; want %s after exactly 1", openid, r.Status, calls[openid], want)
		}
	}
	j, err := f.db.BulkJob(t.Context(), f.job.ID)
	if err != nil || j.Status != burst.JobDone || j.Counts.Unknown != len(interrupted) {
		t.Errorf("job = %+v, %v; want done with %d unknown", j, err, len(interrupted))
	}
}

// TestRunnersShareAJob starts two runners on one job at once (two nodes):
// the lease lets one of them send, and nobody is called twice.
func TestRunnersShareAJob(t *testing.T) {
	f := newFixture(t, 15)
	a, b := newAPI(), newAPI()
	ra, rb := f.runner(a, nil, nil), f.runner(b, nil, nil)
	var wg sync.WaitGroup
	for _, r := range []*burst.Runner{ra, rb} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.Run(t.Context(), f.job.ID); err != nil {
				t.Errorf("Run: %v", err)
			}
		}()
	}
	wg.Wait()
	// Whoever lost the lease returned at once; if the job is not done yet,
	// the winner finished it before releasing. Either way: one call each.
	if j, _ := f.db.BulkJob(t.Context(), f.job.ID); j.Status != burst.JobDone {
		if err := f.runner(newAPI(), nil, nil).Run(t.Context(), f.job.ID); err != nil {
			t.Fatalf("final Run: %v", err)
		}
	}
	checkOnce(t, f, []*wechatAPI{a, b}, nil)
}

func TestRunnerServeResumesAndSubmits(t *testing.T) {
	f := newFixture(t, 3)
	api := newAPI()
	r := f.runner(api, nil, nil)
	ctx, cancel := context.WithCancel(t.Context())
	served := make(chan error, 1)
	go func() { served <- r.Serve(ctx) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		j, err := f.db.BulkJob(t.Context(), f.job.ID)
		if err == nil && j.Status == burst.JobDone {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Serve did not resume the running job")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve = %v", err)
	}
	checkOnce(t, f, []*wechatAPI{api}, nil)
}
