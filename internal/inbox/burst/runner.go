package burst

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
)

// Replier sends one text through the customer-service API and stores it
// as a reply sent by agentID; the desk satisfies it (through an adapter).
// An error means the message was not sent, unless ctx ended during the
// call, when nobody can tell.
type Replier interface {
	SendReply(ctx context.Context, acct *account.Account, openid string, text string, agentID int64) (replyID int64, err error)
}

// Windower tells whether the follower's reply window is open now and, if
// not, why (a message key); the desk satisfies it (through an adapter).
type Windower interface {
	WindowOpen(ctx context.Context, acct *account.Account, openid string, now time.Time) (open bool, reason string, err error)
}

// Publisher tells live pages a job moved: kind "bulk", data the job id.
// *live.Hub satisfies it.
type Publisher interface {
	PublishKind(accountID int64, kind, data string)
}

// Accounts finds a job's account; account.Store satisfies it.
type Accounts interface {
	AccountByID(ctx context.Context, id int64) (*account.Account, error)
}

// Leaser lets one node at a time run a job; the store's leases satisfy it.
type Leaser interface {
	TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// EventBulk is the live event kind of job progress.
const EventBulk = "bulk"

// RunnerOptions build a Runner. Store, Accounts, Replier and Windower are
// required.
type RunnerOptions struct {
	Store     Store
	Accounts  Accounts
	Replier   Replier
	Windower  Windower
	Publisher Publisher        // nil: no live progress
	Leaser    Leaser           // nil: this node runs every job (one node)
	Holder    string           // lease holder; default host:pid:n, unique per runner
	Now       func() time.Time // default time.Now
	Logger    *slog.Logger     // default slog.Default()
	// Pace is the pause between two sends (WeChat rate limits); 0: none.
	Pace time.Duration
}

// Runner sends bulk jobs, one goroutine per job. A job survives a crash:
// its recipients are rows, and Resume picks up every running job where it
// stopped. Nobody gets the message twice: a recipient is marked "sending"
// (committed) before the API call, and one still "sending" when a runner
// starts is marked "unknown" instead of being sent again.
type Runner struct {
	o       RunnerOptions
	wg      sync.WaitGroup
	mu      sync.Mutex
	running map[int64]bool
	base    context.Context // Serve's context: jobs submitted live as long as it
}

// runnerSeq tells runners of one process apart as lease holders.
var runnerSeq atomic.Int64

// Lease timing: a runner renews its job's lease as it goes, and looks
// for jobs nobody runs every resumeEvery.
const (
	leaseTTL     = 30 * time.Second
	resumeEvery  = time.Minute
	publishEvery = 250 * time.Millisecond
)

// NewRunner builds a runner.
func NewRunner(o RunnerOptions) *Runner {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.Holder == "" {
		host, _ := os.Hostname()
		o.Holder = fmt.Sprintf("%s:%d:%d", host, os.Getpid(), runnerSeq.Add(1))
	}
	return &Runner{o: o, running: map[int64]bool{}, base: context.Background()}
}

// Serve resumes the jobs left running, runs the jobs submitted while ctx
// lasts, and returns when ctx ends and every job has stopped. It looks for
// running jobs again every resumeEvery: a job whose node died midway (its
// lease expired) is taken over.
func (r *Runner) Serve(ctx context.Context) error {
	r.mu.Lock()
	r.base = ctx
	r.mu.Unlock()
	tick := time.NewTicker(resumeEvery)
	defer tick.Stop()
	for {
		if err := r.Resume(ctx); err != nil && ctx.Err() == nil {
			r.o.Logger.Error("burst: resume bulk jobs", "error", err.Error())
		}
		select {
		case <-ctx.Done():
			r.Wait()
			return nil
		case <-tick.C:
		}
	}
}

// Submit starts a job created just now (by a page) in the background, for
// as long as Serve runs (or for good, before Serve).
func (r *Runner) Submit(jobID int64) {
	r.mu.Lock()
	ctx := r.base
	r.mu.Unlock()
	r.Start(ctx, jobID)
}

// Start runs the job in the background until it is done or ctx ends; a
// job this runner already runs is left alone.
func (r *Runner) Start(ctx context.Context, jobID int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.running[jobID] {
		return
	}
	r.running[jobID] = true
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		if err := r.Run(ctx, jobID); err != nil && ctx.Err() == nil {
			r.o.Logger.Error("burst: bulk job", "job_id", jobID, "error", err.Error())
		}
		r.mu.Lock()
		delete(r.running, jobID)
		r.mu.Unlock()
	}()
}

// Resume starts every job left running (after a restart).
func (r *Runner) Resume(ctx context.Context) error {
	jobs, err := r.o.Store.RunningBulkJobs(ctx)
	if err != nil {
		return fmt.Errorf("burst: resume: %w", err)
	}
	for _, j := range jobs {
		r.Start(ctx, j.ID)
	}
	return nil
}

// Wait blocks until every job started here has stopped.
func (r *Runner) Wait() { r.wg.Wait() }

// Run sends the job to its pending recipients, one after the other, and
// marks it done when none is left. It returns early (nil) when another
// node holds the job, and ctx's error when ctx ends.
func (r *Runner) Run(ctx context.Context, jobID int64) error {
	j, err := r.o.Store.BulkJob(ctx, jobID)
	if err != nil {
		return err
	}
	if j.Status != JobRunning {
		return nil
	}
	lease := "bulk:" + strconv.FormatInt(jobID, 10)
	if ok, err := r.takeLease(ctx, lease); err != nil || !ok {
		return err
	}
	defer r.releaseLease(lease)
	acct, err := r.o.Accounts.AccountByID(ctx, j.AccountID)
	if err != nil {
		return fmt.Errorf("burst: account of job %d: %w", jobID, err)
	}
	if n, err := r.o.Store.MarkBulkUnknown(ctx, jobID, r.o.Now()); err != nil {
		return fmt.Errorf("burst: recover job %d: %w", jobID, err)
	} else if n > 0 {
		r.o.Logger.Warn("burst: recipients left sending by an earlier runner marked unknown", "job_id", jobID, "count", n)
	}
	return r.loop(ctx, j, acct, lease)
}

// loop sends to one recipient after the other.
func (r *Runner) loop(ctx context.Context, j *Job, acct *account.Account, lease string) error {
	var lastPublish time.Time
	renewed := r.o.Now()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.o.Store.NextBulkRecipient(ctx, j.ID)
		if errs.Is(err, errs.NotFound) {
			return r.finish(ctx, j)
		}
		if err != nil {
			return fmt.Errorf("burst: job %d: %w", j.ID, err)
		}
		if err := r.deliver(ctx, j, acct, rec); err != nil {
			return err
		}
		if now := r.o.Now(); now.Sub(lastPublish) >= publishEvery {
			r.publish(j)
			lastPublish = now
		}
		if r.o.Now().Sub(renewed) > leaseTTL/3 {
			if ok, err := r.takeLease(ctx, lease); err != nil || !ok {
				return fmt.Errorf("burst: job %d: lost its lease: %w", j.ID, err)
			}
			renewed = r.o.Now()
		}
		r.pause(ctx)
	}
}

// deliver settles one pending recipient: skipped when the window is
// closed, otherwise marked sending, sent, and marked sent or failed.
func (r *Runner) deliver(ctx context.Context, j *Job, acct *account.Account, rec *Recipient) error {
	open, reason, err := r.o.Windower.WindowOpen(ctx, acct, rec.OpenID, r.o.Now())
	if ctx.Err() != nil {
		return ctx.Err()
	}
	switch {
	case err != nil:
		return r.move(ctx, rec, StatusPending, StatusFailed, "window: "+err.Error(), 0)
	case !open:
		return r.move(ctx, rec, StatusPending, StatusSkippedWindow, reason, 0)
	}
	ok, err := r.o.Store.MoveBulkRecipient(ctx, rec.ID, StatusPending, StatusSending, "", 0, r.o.Now())
	if err != nil || !ok {
		return err // !ok: someone else has it
	}
	replyID, sendErr := r.o.Replier.SendReply(ctx, acct, rec.OpenID, j.Text, j.CreatedBy)
	if sendErr != nil && ctx.Err() != nil {
		return ctx.Err() // sent or not, nobody knows: it stays "sending", then "unknown"
	}
	done := context.WithoutCancel(ctx) // the outcome is known: record it
	if sendErr != nil {
		return r.move(done, rec, StatusSending, StatusFailed, errText(sendErr), 0)
	}
	return r.move(done, rec, StatusSending, StatusSent, "", replyID)
}

func (r *Runner) move(ctx context.Context, rec *Recipient, from, to Status, errMsg string, replyID int64) error {
	if _, err := r.o.Store.MoveBulkRecipient(ctx, rec.ID, from, to, errMsg, replyID, r.o.Now()); err != nil {
		return fmt.Errorf("burst: recipient %d: %w", rec.ID, err)
	}
	return nil
}

// errText is what a failed recipient shows: the user-facing message of an
// application error, or the error itself.
func errText(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

func (r *Runner) finish(ctx context.Context, j *Job) error {
	if err := r.o.Store.FinishBulkJob(ctx, j.ID, r.o.Now()); err != nil {
		return fmt.Errorf("burst: finish job %d: %w", j.ID, err)
	}
	r.publish(j)
	r.o.Logger.Info("burst: bulk job done", "job_id", j.ID, "account_id", j.AccountID)
	return nil
}

func (r *Runner) publish(j *Job) {
	if r.o.Publisher != nil {
		r.o.Publisher.PublishKind(j.AccountID, EventBulk, strconv.FormatInt(j.ID, 10))
	}
}

func (r *Runner) pause(ctx context.Context) {
	if r.o.Pace <= 0 {
		return
	}
	t := time.NewTimer(r.o.Pace)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

func (r *Runner) takeLease(ctx context.Context, name string) (bool, error) {
	if r.o.Leaser == nil {
		return true, nil
	}
	ok, err := r.o.Leaser.TryLease(ctx, name, r.o.Holder, leaseTTL)
	if err != nil {
		return false, fmt.Errorf("burst: lease %s: %w", name, err)
	}
	return ok, nil
}

func (r *Runner) releaseLease(name string) {
	if r.o.Leaser == nil {
		return
	}
	if err := r.o.Leaser.ReleaseLease(context.Background(), name, r.o.Holder); err != nil {
		r.o.Logger.Warn("burst: release lease", "lease", name, "error", err.Error())
	}
}
