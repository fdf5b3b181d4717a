package audience

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Syncer runs (or resumes) one account's follower sync. The API client's
// per-account token bucket paces the calls; a minute-quota refusal is
// waited out, a daily-quota refusal ends the run with the error stored.
type Syncer struct {
	API       SyncAPI
	Store     SyncStore
	AccountID int64
	Log       *slog.Logger     // default slog.Default()
	Now       func() time.Time // default time.Now
	// Progress, when set, is called after every stored step.
	Progress func(SyncState)
	// ProfileChunk is how many profiles are fetched per stored chunk
	// (default 1,000: ten calls); a crash refetches at most one chunk.
	ProfileChunk int
	// MinuteBackoff is the wait after a 45011 (default one minute), tried
	// MaxBackoffs times (default 5) before giving up.
	MinuteBackoff time.Duration
	MaxBackoffs   int
	// Lease, when set, lets one process at a time sync the account (the
	// CLI and a server, or two nodes); Holder names this one.
	Lease  SyncLeaser
	Holder string
	// PushTags, when set, pushes tags made locally to WeChat before the
	// tag list is imported (tagging.Service.PushLocal); a failure is logged
	// and the sync goes on, the local tags staying local.
	PushTags func(ctx context.Context) error
}

// SyncLeaser hands out named, expiring leases (the store's).
type SyncLeaser interface {
	TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// syncLeaseTTL outlives the longest step (a minute-quota wait) and is
// renewed after every stored step.
const syncLeaseTTL = 3 * time.Minute

// Run syncs the account until done, resuming a sync that stopped midway
// and starting afresh when the last one finished. The returned state is
// also stored, with the error when there is one.
func (s *Syncer) Run(ctx context.Context) (*SyncState, error) {
	if err := s.renew(ctx); err != nil {
		return nil, err
	}
	defer s.release(ctx)
	st, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	err = s.tags(ctx, st)
	if err == nil {
		err = s.steps(ctx, st)
	}
	if err != nil {
		if errs.Is(err, errs.Conflict) {
			return st, err // the lease was lost: the state is another process's now
		}
		st.Error = err.Error()
		if serr := s.save(context.WithoutCancel(ctx), st); serr != nil {
			s.log().Error("follower sync: store error state", "account_id", s.AccountID, "error", serr)
		}
		return st, fmt.Errorf("follower sync of account %d: %w", s.AccountID, err)
	}
	return st, nil
}

func (s *Syncer) steps(ctx context.Context, st *SyncState) error {
	if st.Phase == PhaseList {
		if err := s.list(ctx, st); err != nil {
			return err
		}
	}
	if st.Phase == PhaseProfile {
		if err := s.profile(ctx, st); err != nil {
			return err
		}
	}
	return s.finish(ctx, st)
}

// tags pushes local tags and imports WeChat's tag list, so that profiles'
// tag ids map to local tags. Only quota refusals and cancellation stop the
// sync: without tags the followers are still worth syncing.
func (s *Syncer) tags(ctx context.Context, st *SyncState) error {
	if s.PushTags != nil {
		if err := s.PushTags(ctx); err != nil {
			s.log().Warn("follower sync: push local tags", "account_id", s.AccountID, "error", err.Error())
		}
	}
	var remote []RemoteTag
	err := s.call(ctx, st, func() (err error) {
		remote, err = s.API.Tags(ctx)
		return err
	})
	var qe *QuotaError
	if ctx.Err() != nil || errors.As(err, &qe) {
		return err
	}
	if err == nil {
		var res TagImport
		if res, err = s.Store.ImportTags(ctx, s.AccountID, remote); err == nil {
			s.log().Info("follower sync: tags imported", "account_id", s.AccountID, "tags", len(remote),
				"added", res.Added, "renamed", res.Renamed, "removed", res.Removed)
			return nil
		}
	}
	s.log().Warn("follower sync: import tags", "account_id", s.AccountID, "error", err.Error())
	return nil
}

// begin loads the state to resume, or stores a fresh one.
func (s *Syncer) begin(ctx context.Context) (*SyncState, error) {
	st, err := s.Store.FollowerSync(ctx, s.AccountID)
	if err != nil && !errs.Is(err, errs.NotFound) {
		return nil, fmt.Errorf("follower sync: load state: %w", err)
	}
	if err == nil && st.Running() {
		s.log().Info("follower sync resumed", "account_id", s.AccountID, "phase", st.Phase,
			"listed", st.Listed, "profiled", st.Profiled)
		st.Error = ""
		return st, nil
	}
	now := s.now()
	st = &SyncState{AccountID: s.AccountID, Phase: PhaseList, StartedAt: now}
	return st, s.save(ctx, st)
}

// list stores pages until WeChat's list ends.
func (s *Syncer) list(ctx context.Context, st *SyncState) error {
	for {
		var page *ListPage
		err := s.call(ctx, st, func() (err error) {
			page, err = s.API.UserList(ctx, st.NextOpenID)
			return err
		})
		if err != nil {
			return err
		}
		last := len(page.OpenIDs) < ListPageSize || page.NextOpenID == ""
		st.Total, st.Listed = int64(page.Total), st.Listed+int64(len(page.OpenIDs))
		st.NextOpenID = page.NextOpenID
		if last {
			st.Phase = PhaseProfile
		}
		if err := s.step(ctx, st, func() error {
			return s.Store.SaveListedFollowers(ctx, st, page.OpenIDs, s.now())
		}); err != nil || last {
			return err
		}
	}
}

// profile fetches the profiles of every follower this sync listed, a chunk
// at a time, after the stored cursor.
func (s *Syncer) profile(ctx context.Context, st *SyncState) error {
	chunk := max(s.ProfileChunk, ProfileBatchSize)
	if s.ProfileChunk == 0 {
		chunk = 10 * ProfileBatchSize
	}
	for {
		ids, err := s.Store.FollowersToProfile(ctx, s.AccountID, st.StartedAt, st.ProfileCursor, chunk)
		if err != nil {
			return fmt.Errorf("followers to profile: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if err := s.profileChunk(ctx, st, ids); err != nil {
			return err
		}
	}
}

// profileChunk fetches ids in batches and stores what it got, also when a
// call fails midway, so that a restart refetches nothing already fetched.
func (s *Syncer) profileChunk(ctx context.Context, st *SyncState, ids []string) error {
	var got []SyncProfile
	done, at := 0, s.now()
	var callErr error
	for done < len(ids) {
		batch := ids[done:min(done+ProfileBatchSize, len(ids))]
		var ps []SyncProfile
		callErr = s.call(ctx, st, func() (err error) {
			ps, err = s.API.UserProfiles(ctx, batch)
			return err
		})
		if callErr != nil {
			break
		}
		got, done = append(got, ps...), done+len(batch)
	}
	if done > 0 {
		st.ProfileCursor, st.Profiled = ids[done-1], st.Profiled+int64(len(got))
		saveCtx := context.WithoutCancel(ctx) // keep what was fetched even when cancelled
		if err := s.step(saveCtx, st, func() error { return s.Store.SaveFollowerProfiles(saveCtx, st, got, at) }); err != nil {
			return err
		}
	}
	return callErr
}

// finish marks the followers the list did not show, then the sync done.
func (s *Syncer) finish(ctx context.Context, st *SyncState) error {
	n, err := s.Store.UnsubscribeUnlisted(ctx, s.AccountID, st.StartedAt)
	if err != nil {
		return fmt.Errorf("mark unlisted followers: %w", err)
	}
	st.Unlisted, st.Phase, st.FinishedAt, st.Error = n, PhaseDone, s.now(), ""
	if err := s.step(ctx, st, func() error { return s.save(ctx, st) }); err != nil {
		return err
	}
	s.log().Info("follower sync done", "account_id", s.AccountID, "listed", st.Listed, "profiled", st.Profiled,
		"unlisted", st.Unlisted, "calls", st.Calls, "took", st.FinishedAt.Sub(st.StartedAt).Round(time.Millisecond))
	return nil
}

// call makes one API call, waiting out minute-quota refusals.
func (s *Syncer) call(ctx context.Context, st *SyncState, fn func() error) error {
	for attempt := 0; ; attempt++ {
		st.Calls++
		err := fn()
		var qe *QuotaError
		if err == nil || !errors.As(err, &qe) || qe.Daily || attempt >= s.maxBackoffs() {
			return err
		}
		st.Error = err.Error()
		if serr := s.save(ctx, st); serr != nil {
			return serr
		}
		s.log().Warn("follower sync: minute quota, backing off", "account_id", s.AccountID, "wait", s.backoff())
		if err := sleep(ctx, s.backoff()); err != nil {
			return err
		}
		if err := s.renew(ctx); err != nil {
			return err
		}
	}
}

// step stores progress and reports it.
func (s *Syncer) step(ctx context.Context, st *SyncState, store func() error) error {
	st.Error, st.UpdatedAt = "", s.now()
	if err := store(); err != nil {
		return fmt.Errorf("store progress: %w", err)
	}
	if s.Progress != nil {
		s.Progress(*st)
	}
	return s.renew(ctx)
}

// renew takes or extends the account's sync lease; errs.Conflict when
// another process holds it.
func (s *Syncer) renew(ctx context.Context) error {
	if s.Lease == nil {
		return nil
	}
	ok, err := s.Lease.TryLease(ctx, s.leaseName(), s.holder(), syncLeaseTTL)
	if err != nil {
		return fmt.Errorf("follower sync lease: %w", err)
	}
	if !ok {
		return errs.Errorf(errs.Conflict, "a follower sync of this account is running, or stopped abruptly less than %v ago (该公众号正在同步粉丝，或异常中断不足 %v，请稍后再试)",
			syncLeaseTTL, syncLeaseTTL)
	}
	return nil
}

func (s *Syncer) release(ctx context.Context) {
	if s.Lease == nil {
		return
	}
	if err := s.Lease.ReleaseLease(context.WithoutCancel(ctx), s.leaseName(), s.holder()); err != nil {
		s.log().Warn("follower sync: release lease", "account_id", s.AccountID, "error", err)
	}
}

// holder defaults to this process, once per Syncer.
func (s *Syncer) holder() string {
	if s.Holder == "" {
		host, _ := os.Hostname()
		s.Holder = fmt.Sprintf("%s:%d:sync", host, os.Getpid())
	}
	return s.Holder
}

func (s *Syncer) leaseName() string { return fmt.Sprintf("follower-sync:%d", s.AccountID) }

func (s *Syncer) save(ctx context.Context, st *SyncState) error {
	st.UpdatedAt = s.now()
	if err := s.Store.SaveFollowerSync(ctx, st); err != nil {
		return fmt.Errorf("store sync state: %w", err)
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Syncer) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

func (s *Syncer) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func (s *Syncer) backoff() time.Duration {
	if s.MinuteBackoff > 0 {
		return s.MinuteBackoff
	}
	return time.Minute
}

func (s *Syncer) maxBackoffs() int {
	if s.MaxBackoffs > 0 {
		return s.MaxBackoffs
	}
	return 5
}
