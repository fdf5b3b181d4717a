package storetest

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// testFollowerSync checks the sync's state round trip and its follower
// upserts against pushes received before and after the API's answers: the
// latest word wins, and what pushes keep (counters, times) survives.
func testFollowerSync(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_fsync").ID
	at := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	if _, err := s.FollowerSync(ctx(t), acct); !errs.Is(err, errs.NotFound) {
		t.Fatalf("FollowerSync before any sync: %v, want NotFound", err)
	}
	mustCommit(t, s,
		event(acct, "o_later_gone", "subscribe", "", at(1)), event(acct, "o_later_gone", "unsubscribe", "", at(30)),
		event(acct, "o_back", "unsubscribe", "", at(1)),
		event(acct, "o_unlisted", "subscribe", "", at(1)),
		event(acct, "o_fresh", "subscribe", "qrscene_desk", at(40)))
	st := &audience.SyncState{AccountID: acct, Phase: audience.PhaseList, StartedAt: at(5), UpdatedAt: at(5)}
	if err := s.SaveFollowerSync(ctx(t), st); err != nil {
		t.Fatal(err)
	}
	st.Listed, st.Total, st.NextOpenID, st.Calls, st.UpdatedAt = 3, 3, "o_new", 1, at(10)
	if err := s.SaveListedFollowers(ctx(t), st, []string{"o_later_gone", "o_back", "o_new"}, at(10)); err != nil {
		t.Fatal(err)
	}
	checkSyncState(t, s, *st)
	checkSubscribed(t, s, acct, map[string]bool{"o_later_gone": false, "o_back": true, "o_new": true, "o_unlisted": true})
	checkToProfile(t, s, acct, at(5), "", 2, []string{"o_back", "o_later_gone"})
	checkToProfile(t, s, acct, at(5), "o_later_gone", 10, []string{"o_new"})

	profiles := []audience.SyncProfile{
		{OpenID: "o_back", Subscribed: true, Nickname: "回头客", Remark: "老客户", Language: "zh_CN", UnionID: "u1",
			SubscribedAt: at(2), SubscribeScene: "ADD_SCENE_QR_CODE", QRScene: "门店A"},
		{OpenID: "o_later_gone", Subscribed: true, Remark: "走了", Language: "en", SubscribedAt: at(1)},
		{OpenID: "o_new", Subscribed: false},
	}
	st.Phase, st.Profiled, st.ProfileCursor, st.Calls = audience.PhaseProfile, 3, "o_new", 2
	if err := s.SaveFollowerProfiles(ctx(t), st, profiles, at(20)); err != nil {
		t.Fatal(err)
	}
	checkSyncState(t, s, *st)
	checkSubscribed(t, s, acct, map[string]bool{"o_later_gone": false, "o_back": true, "o_new": false})
	back := mustFollower(t, s, acct, "o_back")
	if back.Nickname != "回头客" || back.Remark != "老客户" || back.UnionID != "u1" || back.SubscribeScene != "ADD_SCENE_QR_CODE" ||
		back.QRScene != "门店A" || !back.SubscribedAt.Equal(at(2)) || !back.UnsubscribedAt.Equal(at(1)) || back.Interactions != 1 {
		t.Errorf("o_back = %+v", back)
	}
	gone := mustFollower(t, s, acct, "o_later_gone")
	if gone.Remark != "走了" || gone.Language != "en" || gone.Interactions != 2 || !gone.UnsubscribedAt.Equal(at(30)) {
		t.Errorf("o_later_gone = %+v", gone)
	}

	n, err := s.UnsubscribeUnlisted(ctx(t), acct, at(5))
	if err != nil || n != 1 {
		t.Fatalf("UnsubscribeUnlisted = %d, %v; want 1 (o_unlisted)", n, err)
	}
	checkSubscribed(t, s, acct, map[string]bool{"o_unlisted": false, "o_fresh": true, "o_back": true})
	st.Phase, st.Unlisted, st.FinishedAt, st.Error = audience.PhaseDone, 1, at(21), "boom (出错)"
	if err := s.SaveFollowerSync(ctx(t), st); err != nil {
		t.Fatal(err)
	}
	checkSyncState(t, s, *st)
	testFollowerSyncBatches(t, s)
}

// testFollowerSyncBatches stores a page larger than one statement's rows.
func testFollowerSyncBatches(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_fsync_big").ID
	ids := make([]string, 2500)
	for i := range ids {
		ids[i] = fmt.Sprintf("o_%05d", i)
	}
	st := &audience.SyncState{AccountID: acct, Phase: audience.PhaseList, StartedAt: base, UpdatedAt: base, Listed: 2500}
	if err := s.SaveListedFollowers(ctx(t), st, ids, base); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountFollowers(ctx(t), acct, true); err != nil || n != 2500 {
		t.Fatalf("CountFollowers = %d, %v; want 2500", n, err)
	}
	checkToProfile(t, s, acct, base, "o_02497", 10, []string{"o_02498", "o_02499"})
	if err := s.SaveListedFollowers(ctx(t), &audience.SyncState{AccountID: 999999, Phase: audience.PhaseList,
		StartedAt: base, UpdatedAt: base}, []string{"x"}, base); !errs.Is(err, errs.NotFound) {
		t.Errorf("listing for a missing account: %v, want NotFound", err)
	}
}

func checkSyncState(t *testing.T, s Store, want audience.SyncState) {
	t.Helper()
	got, err := s.FollowerSync(ctx(t), want.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Errorf("sync state = %+v\nwant %+v", *got, want)
	}
}

func checkSubscribed(t *testing.T, s Store, acct int64, want map[string]bool) {
	t.Helper()
	for id, sub := range want {
		if f := mustFollower(t, s, acct, id); f.Subscribed != sub {
			t.Errorf("%s subscribed = %v, want %v", id, f.Subscribed, sub)
		}
	}
}

func checkToProfile(t *testing.T, s Store, acct int64, since time.Time, after string, limit int, want []string) {
	t.Helper()
	got, err := s.FollowersToProfile(ctx(t), acct, since, after, limit)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("FollowersToProfile(after %q) = %q, %v; want %q", after, got, err, want)
	}
}

func mustFollower(t *testing.T, s Store, acct int64, openID string) *audience.Follower {
	t.Helper()
	f, err := s.Follower(ctx(t), acct, openID)
	if err != nil {
		t.Fatalf("Follower(%s): %v", openID, err)
	}
	return f
}
