package app

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/segment"
)

// Timing of the broadcast runner.
const (
	broadcastTick     = time.Second     // how often due broadcasts and job results are looked for
	broadcastLease    = 8 * time.Second // a sender's hold on a broadcast, renewed every quarter while it runs; a dead process's expires this soon
	broadcastRetryMin = 2 * time.Second // first wait after a failed run
	broadcastRetryMax = time.Minute     // longest wait between runs of a failing broadcast
	// broadcastCleanEvery spaces the passes over temporary tags: they wait
	// an hour for WeChat's report anyway, and a deletion WeChat keeps
	// refusing is then retried (and logged) once a minute, not every tick.
	broadcastCleanEvery = time.Minute
)

// openBroadcasts builds the broadcast engine the web app, the API and the
// runner share.
func (m *Main) openBroadcasts() *broadcast.Service {
	svc := broadcast.NewService(broadcast.Deps{
		Store:    m.Store,
		API:      func(a *account.Account) broadcast.WeChat { return m.WeChat.Account(m.Credentials(a)) },
		Segments: segment.NewService(m.Store, nil),
		Tags:     m.Store,
		Hours:    m.Store.InteractionHours,
		Drafts:   m.openNewsDrafts(),
		Live:     m.Live,
		Logger:   m.Logger,
	})
	m.broadcasts = &broadcastRunner{m: m, svc: svc, active: map[int64]bool{}, wait: map[int64]retry{}}
	return svc
}

// broadcastRunner sends due broadcasts in the background of this process
// and stores job results. The store's lease on each broadcast keeps other
// processes off the ones this one sends; a process that dies leaves the
// lease to expire, and the next one resumes the broadcast.
type broadcastRunner struct {
	m      *Main
	svc    *broadcast.Service
	mu     sync.Mutex
	active map[int64]bool
	wait   map[int64]retry
	wg     sync.WaitGroup
	// cleaned is when serve last deleted temporary tags (serve's own).
	cleaned time.Time
}

// retry is when a failing broadcast may run again, and the wait after that.
type retry struct {
	at   time.Time
	next time.Duration
}

// runBroadcasts starts the runner; call it after startBackground.
func (m *Main) runBroadcasts() {
	m.goBackground(m.broadcasts.serve)
}

func (b *broadcastRunner) serve(ctx context.Context) {
	t := time.NewTicker(broadcastTick)
	defer t.Stop()
	for {
		b.pass(ctx)
		select {
		case <-ctx.Done():
			b.wg.Wait()
			return
		case <-t.C:
		case <-b.svc.Kicks():
		}
	}
}

// pass stores new job results, starts the due broadcasts nobody sends and,
// every broadcastCleanEvery, deletes the temporary tags of finished ones.
func (b *broadcastRunner) pass(ctx context.Context) {
	for {
		n, err := b.svc.Reconcile(ctx)
		if err != nil && ctx.Err() == nil {
			b.m.Logger.Warn("broadcast results", "error", err.Error())
		}
		if n == 0 || err != nil {
			break
		}
	}
	b.dispatch(ctx)
	if time.Since(b.cleaned) < broadcastCleanEvery {
		return
	}
	b.cleaned = time.Now()
	if _, err := b.svc.CleanTempTags(ctx); err != nil && ctx.Err() == nil {
		b.m.Logger.Warn("broadcast temporary tags", "error", err.Error())
	}
}

func (b *broadcastRunner) dispatch(ctx context.Context) {
	due, err := b.m.Store.DueBroadcasts(ctx, time.Now(), 50)
	if err != nil {
		if ctx.Err() == nil {
			b.m.Logger.Warn("due broadcasts", "error", err.Error())
		}
		return
	}
	for _, r := range due {
		if !b.claim(r.ID) {
			continue
		}
		ok, err := b.m.Store.TryLease(ctx, leaseName(r.ID), b.holder(), broadcastLease)
		if err != nil || !ok {
			b.release(r.ID, nil)
			continue
		}
		b.wg.Add(1)
		go b.run(ctx, r.AccountID, r.ID)
	}
}

func leaseName(id int64) string { return "broadcast:" + strconv.FormatInt(id, 10) }

func (b *broadcastRunner) holder() string { return b.m.WeChat.Holder() + ":broadcast" }

// claim marks a broadcast as run by this process unless it already is or
// waits for its retry.
func (b *broadcastRunner) claim(id int64) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.active[id] || time.Now().Before(b.wait[id].at) {
		return false
	}
	b.active[id] = true
	return true
}

// release ends this process's run; a failed run waits longer each time.
func (b *broadcastRunner) release(id int64, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.active, id)
	if err == nil {
		delete(b.wait, id)
		return
	}
	w := b.wait[id]
	w.next = min(max(2*w.next, broadcastRetryMin), broadcastRetryMax)
	w.at = time.Now().Add(w.next)
	b.wait[id] = w
}

// run sends one broadcast while renewing its lease.
func (b *broadcastRunner) run(ctx context.Context, accountID, id int64) {
	defer b.wg.Done()
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go b.renew(runCtx, id, cancel)
	err := b.svc.Run(runCtx, accountID, id)
	if err != nil && ctx.Err() == nil {
		b.m.Logger.Warn("broadcast paused, will retry", "broadcast_id", id, "error", err.Error())
	}
	if ctx.Err() == nil {
		_ = b.m.Store.ReleaseLease(context.WithoutCancel(ctx), leaseName(id), b.holder())
	}
	b.release(id, err)
}

// renew keeps the lease while the run lasts; losing it stops the run.
func (b *broadcastRunner) renew(ctx context.Context, id int64, stop context.CancelFunc) {
	t := time.NewTicker(broadcastLease / 4)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ok, err := b.m.Store.TryLease(ctx, leaseName(id), b.holder(), broadcastLease)
		if ctx.Err() == nil && (err != nil || !ok) {
			b.m.Logger.Warn("broadcast lease lost, stopping", "broadcast_id", id)
			stop()
			return
		}
	}
}
