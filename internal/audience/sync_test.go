package audience_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/simulator"
)

const syncFollowers = 25000

// pages and batches a full sync of n followers needs: full list pages plus
// the last (shorter or empty) one, and one batchget per 100.
func wantCalls(n int) (lists, people int64) {
	return int64(n/audience.ListPageSize + 1), int64((n + 99) / 100)
}

func TestSyncStoresEveryFollowerWithProfile(t *testing.T) {
	e := newSyncEnv(t, syncFollowers, simulator.Options{})
	var steps int
	s := e.syncer()
	s.Progress = func(audience.SyncState) { steps++ }
	st, err := s.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	lists, people := wantCalls(syncFollowers)
	if st.Phase != audience.PhaseDone || st.Listed != syncFollowers || st.Profiled != syncFollowers ||
		st.Total != syncFollowers || st.Calls != 1+lists+people || st.Error != "" || st.FinishedAt.IsZero() {
		t.Fatalf("state = %+v", st)
	}
	if e.api.lists.Load() != lists || e.api.people.Load() != people || e.api.tagLists.Load() != 1 {
		t.Errorf("API calls: %d lists, %d batchgets; want %d, %d", e.api.lists.Load(), e.api.people.Load(), lists, people)
	}
	if n, err := e.db.CountFollowers(t.Context(), e.acct, true); err != nil || n != syncFollowers {
		t.Fatalf("subscribed followers = %d, %v", n, err)
	}
	checkProfile(t, e, 12340)
	checkProfile(t, e, syncFollowers-1)
	if steps < int(lists)+syncFollowers/1000 {
		t.Errorf("progress reported %d times", steps)
	}
	stored, err := e.db.FollowerSync(t.Context(), e.acct)
	if err != nil || *stored != *st {
		t.Errorf("stored state = %+v, %v\nwant %+v", stored, err, st)
	}
}

func checkProfile(t *testing.T, e *syncEnv, i int) {
	t.Helper()
	f, err := e.db.Follower(t.Context(), e.acct, simOpenID(i))
	if err != nil {
		t.Fatal(err)
	}
	scene, qr := simulator.SceneSearch, ""
	if i%10 == 0 {
		scene, qr = simulator.SceneQRCode, "门店A"
	}
	if !f.Subscribed || f.Remark != fmt.Sprintf("备注%d", i) || f.Language != "zh_CN" || f.SubscribeScene != scene ||
		f.QRScene != qr || !f.SubscribedAt.Equal(subscribeBase.Add(time.Duration(i)*time.Second)) {
		t.Errorf("follower %d = %+v", i, f)
	}
}

// TestSyncResumesWithoutRefetching stops a sync during the list and again
// during the profiles, then lets it finish: WeChat sees every page and
// every batch exactly once.
func TestSyncResumesWithoutRefetching(t *testing.T) {
	e := newSyncEnv(t, syncFollowers, simulator.Options{})
	stops := []struct {
		name     string
		cancelAt func(lists, people int64) bool
		phase    audience.SyncPhase
		listed   int64
		profiled int64
	}{
		{"during the list", func(l, _ int64) bool { return l == 3 }, audience.PhaseList, 20000, 0},
		// 104 batches: ten stored chunks of 1,000 and four batches stored on the way out.
		{"during the profiles", func(_, p int64) bool { return p == 105 }, audience.PhaseProfile, syncFollowers, 10400},
	}
	for _, stop := range stops {
		ctx, cancel := context.WithCancel(t.Context())
		e.api.cancel, e.api.cancelAt = cancel, stop.cancelAt
		st, err := e.syncer().Run(ctx)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: err = %v, want canceled", stop.name, err)
		}
		stored, serr := e.db.FollowerSync(t.Context(), e.acct)
		if serr != nil || stored.Phase != stop.phase || stored.Listed != stop.listed || stored.Profiled != stop.profiled ||
			!strings.Contains(stored.Error, "canceled") || *stored != *st {
			t.Fatalf("%s: stored state = %+v, %v", stop.name, stored, serr)
		}
	}
	e.api.cancelAt = nil
	st, err := e.syncer().Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	lists, people := wantCalls(syncFollowers)
	if e.api.lists.Load() != lists || e.api.people.Load() != people {
		t.Errorf("API calls over three runs: %d lists, %d batchgets; want %d, %d (no refetch)",
			e.api.lists.Load(), e.api.people.Load(), lists, people)
	}
	if st.Phase != audience.PhaseDone || st.Listed != syncFollowers || st.Profiled != syncFollowers || st.Unlisted != 0 {
		t.Fatalf("state = %+v", st)
	}
	checkProfile(t, e, 10399)
	checkProfile(t, e, 10400)
	checkProfile(t, e, syncFollowers-1)
}

// TestSyncLatestWordWins runs a sync whose answers are all fetched at t0
// against pushes received before and after t0.
func TestSyncLatestWordWins(t *testing.T) {
	e := newSyncEnv(t, 30, simulator.Options{})
	t0 := time.Now().UTC().Truncate(time.Millisecond)
	before, after := t0.Add(-time.Hour), t0.Add(time.Hour)
	commit(t, e,
		push(e.acct, simOpenID(1), "unsubscribe", after),  // listed, but left after the list was fetched
		push(e.acct, simOpenID(2), "unsubscribe", before), // left before, listed again since: back
		push(e.acct, "o_local_new", "subscribe", after),   // followed after the list: not in it
		push(e.acct, "o_local_old", "subscribe", before))  // not in the list: gone
	s := e.syncer()
	s.Now = func() time.Time { return t0 }
	st, err := s.Run(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Listed != 30 || st.Profiled != 30 || st.Unlisted != 1 {
		t.Errorf("state = %+v", st)
	}
	for id, want := range map[string]bool{simOpenID(1): false, simOpenID(2): true, simOpenID(3): true,
		"o_local_new": true, "o_local_old": false} {
		f, err := e.db.Follower(t.Context(), e.acct, id)
		if err != nil || f.Subscribed != want {
			t.Errorf("%s: subscribed = %+v, %v; want %v", id, f, err, want)
		}
	}
	if f, _ := e.db.Follower(t.Context(), e.acct, simOpenID(1)); f.Remark != "备注1" || f.Interactions != 1 {
		t.Errorf("left follower lost its profile or push count: %+v", f)
	}
}

// TestSyncQuotas waits out a minute-quota refusal and stops on the daily
// quota with a stored error, then resumes the next (simulated) day.
func TestSyncQuotas(t *testing.T) {
	e := newSyncEnv(t, 3000, simulator.Options{DailyQuota: map[string]int{"/cgi-bin/user/info/batchget": 12}})
	e.api.fail = func(people int64) error {
		if people == 2 {
			e.api.fail = nil
			return &audience.QuotaError{Err: errors.New("errcode 45011")}
		}
		return nil
	}
	st, err := e.syncer().Run(t.Context())
	var qe *audience.QuotaError
	if !errors.As(err, &qe) || !qe.Daily {
		t.Fatalf("err = %v, want the daily quota", err)
	}
	stored, _ := e.db.FollowerSync(t.Context(), e.acct)
	if stored.Phase != audience.PhaseProfile || stored.Profiled != 1200 || !strings.Contains(stored.Error, "每日") ||
		stored.Calls != st.Calls || st.Calls != 1+1+12+1+1 {
		t.Fatalf("stored state = %+v (calls: tags/get, 1 list, 12 batches, the 45011, the refused one)", stored)
	}
	// 12 batches a day: day two stores 1,200 more, day three the last 600.
	for day, want := range []int64{2400, 3000} {
		e.clock.Advance(24 * time.Hour)
		st, err = e.syncer().Run(t.Context())
		if st.Profiled != want || (want == 3000) != (err == nil && st.Phase == audience.PhaseDone) {
			t.Fatalf("day %d: %+v, %v", day+2, st, err)
		}
	}
	if e.api.people.Load() != 32 {
		t.Errorf("batchgets = %d, want 32 (30 + one refused on each of the first two days)", e.api.people.Load())
	}
}

// TestSyncOneAtATime refuses a second sync of an account while another
// process holds its lease, without calling the API or touching the state.
func TestSyncOneAtATime(t *testing.T) {
	e := newSyncEnv(t, 10, simulator.Options{})
	name := fmt.Sprintf("follower-sync:%d", e.acct)
	if ok, err := e.db.TryLease(t.Context(), name, "other-node", time.Minute); !ok || err != nil {
		t.Fatalf("TryLease = %v, %v", ok, err)
	}
	if _, err := e.syncer().Run(t.Context()); !errs.Is(err, errs.Conflict) {
		t.Fatalf("err = %v, want Conflict", err)
	}
	if _, err := e.db.FollowerSync(t.Context(), e.acct); !errs.Is(err, errs.NotFound) || e.api.lists.Load() != 0 {
		t.Fatalf("refused sync left state (%v) or called the API (%d)", err, e.api.lists.Load())
	}
	if err := e.db.ReleaseLease(t.Context(), name, "other-node"); err != nil {
		t.Fatal(err)
	}
	if st, err := e.syncer().Run(t.Context()); err != nil || st.Profiled != 10 {
		t.Fatalf("after release: %+v, %v", st, err)
	}
	// The finished sync let its lease go.
	if ok, err := e.db.TryLease(t.Context(), name, "other-node", time.Minute); !ok || err != nil {
		t.Fatalf("lease after the sync = %v, %v", ok, err)
	}
}

func commit(t *testing.T, e *syncEnv, in ...inbox.Inbound) {
	t.Helper()
	if _, err := e.db.CommitInbound(t.Context(), in); err != nil {
		t.Fatal(err)
	}
}

// push builds a subscribe or unsubscribe push as the gateway commits it.
func push(acct int64, openID, event string, at time.Time) inbox.Inbound {
	return inbox.Inbound{
		Message: inbox.Message{AccountID: acct, OpenID: openID, Kind: inbox.KindEvent, MsgType: "event",
			Event: event, DedupeKey: openID + "|" + event, CreateTime: at, ReceivedAt: at, Raw: []byte("<xml/>")},
		Follower: audience.Change{OpenID: openID, At: at, Subscribe: event == "subscribe",
			Unsubscribe: event == "unsubscribe"},
	}
}
