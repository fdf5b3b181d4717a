package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/audience/wxsync"
	"github.com/fanbase/fanbase/internal/errs"
)

// followerSyncs runs follower syncs in the background of this process: at
// most one per account here, and the store's lease keeps other processes
// (the CLI, other nodes) off an account being synced. It satisfies the web
// app's and the API's FollowerSync dependency.
type followerSyncs struct {
	m      *Main
	ctx    context.Context // ends at Close: running syncs stop and resume at the next start
	cancel context.CancelFunc
	mu     sync.Mutex
	active map[int64]time.Time // account → when this process started its sync
	wg     sync.WaitGroup
}

func newFollowerSyncs(m *Main) *followerSyncs {
	ctx, cancel := context.WithCancel(context.Background())
	return &followerSyncs{m: m, ctx: ctx, cancel: cancel, active: map[int64]time.Time{}}
}

// runFollowerSyncs resumes the syncs that stopped midway and keeps the
// runner until Close; call it after startBackground.
func (m *Main) runFollowerSyncs() {
	m.goBackground(m.syncs.serve)
}

// serve resumes unfinished syncs, then waits for Close and for the running
// syncs to stop (each stores its progress, so the next start resumes it).
func (f *followerSyncs) serve(ctx context.Context) {
	f.resume(ctx)
	<-ctx.Done()
	f.mu.Lock()
	f.cancel() // under mu: no Start adds to wg once Wait may run
	f.mu.Unlock()
	f.wg.Wait()
}

// resume starts every account whose stored sync is still running.
func (f *followerSyncs) resume(ctx context.Context) {
	accounts, err := f.m.Store.ListAccounts(ctx)
	if err != nil {
		f.m.Logger.Error("follower sync: list accounts", "error", err.Error())
		return
	}
	for _, a := range accounts {
		st, err := f.m.Store.FollowerSync(ctx, a.ID)
		if err != nil || !st.Running() {
			continue
		}
		if err := f.Start(ctx, a); err != nil {
			f.m.Logger.Warn("follower sync: resume", "appid", a.AppID, "error", err.Error())
		}
	}
}

// Start syncs the account's followers in the background unless this
// process already does; it returns at once.
func (f *followerSyncs) Start(_ context.Context, acct *account.Account) error {
	if acct.Secret == "" {
		return errs.Errorf(errs.Invalid, "the account has no AppSecret, which the follower API needs (公众号未配置 AppSecret，无法调用粉丝接口)")
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.ctx.Err() != nil {
		return errs.Errorf(errs.Unavailable, "the server is shutting down (服务正在停止)")
	}
	if _, ok := f.active[acct.ID]; ok {
		return nil
	}
	f.active[acct.ID] = time.Now().UTC().Truncate(time.Millisecond)
	f.wg.Add(1)
	go f.run(acct)
	return nil
}

// run runs one account's sync to its end, publishing progress live.
func (f *followerSyncs) run(acct *account.Account) {
	defer f.wg.Done()
	publish := func() { f.m.Live.PublishKind(acct.ID, "sync", "") }
	s := &audience.Syncer{
		API: wxsync.API{Account: f.m.WeChat.Account(f.m.Credentials(acct))}, Store: f.m.Store, AccountID: acct.ID,
		Log: f.m.Logger, Progress: func(audience.SyncState) { publish() },
		Lease: f.m.Store, Holder: f.m.WeChat.Holder() + ":sync",
		PushTags: func(ctx context.Context) error { return f.m.openTags().PushLocal(ctx, acct) },
	}
	_, err := s.Run(f.ctx)
	f.mu.Lock()
	delete(f.active, acct.ID)
	f.mu.Unlock()
	publish()
	if err != nil && f.ctx.Err() == nil {
		f.m.Logger.Warn("follower sync stopped", "appid", acct.AppID, "error", err.Error())
	}
}

// Status is the account's stored sync state. A sync this process has just
// started but not yet stored shows as a fresh one in the list phase.
func (f *followerSyncs) Status(ctx context.Context, accountID int64) (*audience.SyncState, error) {
	st, err := f.m.Store.FollowerSync(ctx, accountID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, fmt.Errorf("follower sync status: %w", err)
	}
	f.mu.Lock()
	started, active := f.active[accountID]
	f.mu.Unlock()
	if active && (st == nil || !st.Running()) {
		return &audience.SyncState{AccountID: accountID, Phase: audience.PhaseList, StartedAt: started}, nil
	}
	return st, err
}

// StartFollowerSync syncs acct's followers in the background, as the web
// app's button and the API do (the CLI runs a sync in its own process).
func (m *Main) StartFollowerSync(ctx context.Context, acct *account.Account) error {
	return m.syncs.Start(ctx, acct)
}
