package audience_test

import (
	"context"
	"slices"
	"testing"

	"github.com/fanbase/fanbase/internal/audience/wxsync"
	"github.com/fanbase/fanbase/internal/simulator"
)

// TestSyncStoresTags: a sync imports WeChat's tags and replaces each
// follower's synced tags with their tagid_list; local-only tags stay, and a
// second sync follows WeChat's renames, deletions and untagging.
func TestSyncStoresTags(t *testing.T) {
	e := newSyncEnv(t, 30, simulator.Options{})
	ctx := t.Context()
	wx := e.api.api.(wxsync.API).Account
	a, _ := wx.CreateTag(ctx, "甲")
	b, _ := wx.CreateTag(ctx, "乙")
	mustTag(t, wx.TagFollowers(ctx, a, ids(0, 10)))
	mustTag(t, wx.TagFollowers(ctx, b, ids(5, 15)))
	local, err := e.db.CreateTag(ctx, e.acct, "本地", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AddTagFollowers(ctx, e.acct, local.ID, []string{simOpenID(5), simOpenID(20)}); err != nil {
		t.Fatal(err)
	}
	runSync(t, e)
	wantTags(t, e, 5, "乙", "本地", "甲")
	wantTags(t, e, 0, "甲")
	wantTags(t, e, 20, "本地")
	wantTags(t, e, 29)
	counts := tagCounts(t, e)
	if counts["甲"] != 10 || counts["乙"] != 10 || counts["本地"] != 2 {
		t.Errorf("tag counts = %v", counts)
	}

	mustTag(t, wx.UntagFollowers(ctx, a, ids(0, 1)))
	mustTag(t, wx.DeleteTag(ctx, b))
	mustTag(t, wx.UpdateTag(ctx, a, "甲二"))
	runSync(t, e)
	wantTags(t, e, 0)
	wantTags(t, e, 5, "本地", "甲二")
	if counts := tagCounts(t, e); len(counts) != 2 || counts["甲二"] != 9 {
		t.Errorf("tag counts after the second sync = %v", counts)
	}
}

func mustTag(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func ids(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, simOpenID(i))
	}
	return out
}

func runSync(t *testing.T, e *syncEnv) {
	t.Helper()
	e.clock.Advance(1)
	if _, err := e.syncer().Run(t.Context()); err != nil {
		t.Fatal(err)
	}
}

func wantTags(t *testing.T, e *syncEnv, i int, want ...string) {
	t.Helper()
	tags, err := e.db.FollowerTags(context.Background(), e.acct, simOpenID(i))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tg := range tags {
		got = append(got, tg.Name)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("follower %d has tags %v, want %v", i, got, want)
	}
}

func tagCounts(t *testing.T, e *syncEnv) map[string]int64 {
	t.Helper()
	tags, err := e.db.Tags(context.Background(), e.acct)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, tg := range tags {
		out[tg.Name] = tg.Known
	}
	return out
}
