package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/segment"
)

// segmentFixture is five followers of one account (and one of another)
// with tags, scenes, follow dates and interactions chosen so that every
// criterion selects a different set.
type segmentFixture struct {
	acct, other         int64
	vip, fresh, blocked int64 // tag ids
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func newSegmentFixture(t *testing.T, s Store) segmentFixture {
	t.Helper()
	fx := segmentFixture{acct: mustAccount(t, s, "wx_segments").ID, other: mustAccount(t, s, "wx_segments_other").ID}
	profile := func(id string, sub bool, at time.Time, scene, qr string) audience.SyncProfile {
		return audience.SyncProfile{OpenID: id, Subscribed: sub, Nickname: "粉丝" + id, SubscribedAt: at,
			SubscribeScene: scene, QRScene: qr}
	}
	saveProfiles(t, s, fx.acct,
		profile("oSeg1", true, day(2024, 4, 1), "ADD_SCENE_QR_CODE", "poster"),
		profile("oSeg2", true, day(2024, 4, 15), "ADD_SCENE_SEARCH", ""),
		profile("oSeg3", true, day(2024, 4, 30), "ADD_SCENE_QR_CODE", "booth"),
		profile("oSeg4", false, day(2024, 3, 1), "ADD_SCENE_QR_CODE", "poster"),
		profile("oSeg5", true, day(2024, 1, 10), "ADD_SCENE_ACCOUNT_MIGRATION", ""))
	saveProfiles(t, s, fx.other, profile("oSeg0", true, day(2024, 4, 1), "ADD_SCENE_QR_CODE", "poster"))
	fx.vip = tagAll(t, s, fx.acct, "vip", "oSeg1", "oSeg2", "oSeg4")
	fx.fresh = tagAll(t, s, fx.acct, "新客", "oSeg2", "oSeg3")
	fx.blocked = tagAll(t, s, fx.acct, "blocked", "oSeg5")
	tagAll(t, s, fx.other, "vip", "oSeg0")
	for i := range 3 {
		mustCommit(t, s, text(fx.acct, "oSeg1", int64(100+i), "hi", base.Add(-time.Hour)))
	}
	mustCommit(t, s, text(fx.acct, "oSeg2", 200, "hi", base.AddDate(0, 0, -10)),
		text(fx.acct, "oSeg4", 400, "hi", base.AddDate(0, 0, -2)))
	return fx
}

func saveProfiles(t *testing.T, s Store, acct int64, ps ...audience.SyncProfile) {
	t.Helper()
	st := &audience.SyncState{AccountID: acct, Phase: audience.PhaseProfile, StartedAt: base, UpdatedAt: base}
	if err := s.SaveFollowerProfiles(ctx(t), st, ps, base.AddDate(-1, 0, 0)); err != nil {
		t.Fatalf("SaveFollowerProfiles: %v", err)
	}
}

func tagAll(t *testing.T, s Store, acct int64, name string, openIDs ...string) int64 {
	t.Helper()
	var id int64
	for _, o := range openIDs {
		tag, err := s.TagFollower(ctx(t), acct, o, name)
		if err != nil {
			t.Fatalf("TagFollower(%s, %s): %v", o, name, err)
		}
		id = tag.ID
	}
	return id
}

// testSegmentCriteria checks each criterion alone and in combination:
// the count, the openids in order, and keyset paging two at a time.
func testSegmentCriteria(t *testing.T, s Store) {
	fx := newSegmentFixture(t, s)
	n := func(v int64) *int64 { return &v }
	c := func(c segment.Criteria) segment.Criteria {
		c.AccountID = fx.acct
		if c.Status == "" {
			c.Status = segment.StatusSubscribed
		}
		return c
	}
	tests := []struct {
		name string
		c    segment.Criteria
		want []string
	}{
		{"following", c(segment.Criteria{}), []string{"oSeg1", "oSeg2", "oSeg3", "oSeg5"}},
		{"unsubscribed", c(segment.Criteria{Status: segment.StatusUnsubscribed}), []string{"oSeg4"}},
		{"any status", c(segment.Criteria{Status: segment.StatusAny}), []string{"oSeg1", "oSeg2", "oSeg3", "oSeg4", "oSeg5"}},
		{"tag", c(segment.Criteria{TagsAny: []int64{fx.vip}}), []string{"oSeg1", "oSeg2"}},
		{"any of two tags", c(segment.Criteria{TagsAny: []int64{fx.vip, fx.fresh}}), []string{"oSeg1", "oSeg2", "oSeg3"}},
		{"all of two tags", c(segment.Criteria{TagsAll: []int64{fx.vip, fx.fresh}}), []string{"oSeg2"}},
		{"none of a tag", c(segment.Criteria{TagsNone: []int64{fx.vip}}), []string{"oSeg3", "oSeg5"}},
		{"any and none", c(segment.Criteria{TagsAny: []int64{fx.vip}, TagsNone: []int64{fx.fresh}}), []string{"oSeg1"}},
		{"any and all", c(segment.Criteria{TagsAny: []int64{fx.fresh, fx.blocked}, TagsAll: []int64{fx.vip}}), []string{"oSeg2"}},
		{"qr scene", c(segment.Criteria{QRScenes: []string{"poster"}}), []string{"oSeg1"}},
		{"qr scene, any status", c(segment.Criteria{Status: segment.StatusAny, QRScenes: []string{"poster", "booth"}}),
			[]string{"oSeg1", "oSeg3", "oSeg4"}},
		{"subscribe scene", c(segment.Criteria{SubscribeScenes: []string{"ADD_SCENE_QR_CODE"}}), []string{"oSeg1", "oSeg3"}},
		{"followed from", c(segment.Criteria{SubscribedFrom: day(2024, 4, 10)}), []string{"oSeg2", "oSeg3"}},
		{"followed before", c(segment.Criteria{SubscribedBefore: day(2024, 4, 15)}), []string{"oSeg1", "oSeg5"}},
		{"followed between", c(segment.Criteria{SubscribedFrom: day(2024, 4, 1), SubscribedBefore: day(2024, 4, 16)}),
			[]string{"oSeg1", "oSeg2"}},
		{"active since", c(segment.Criteria{InteractedFrom: base.AddDate(0, 0, -5)}), []string{"oSeg1"}},
		{"active between", c(segment.Criteria{Status: segment.StatusAny, InteractedFrom: base.AddDate(0, 0, -11),
			InteractedBefore: base.AddDate(0, 0, -1)}), []string{"oSeg2", "oSeg4"}},
		{"inactive, or never active", c(segment.Criteria{NotInteractedSince: base.AddDate(0, 0, -5)}),
			[]string{"oSeg2", "oSeg3", "oSeg5"}},
		{"min interactions", c(segment.Criteria{MinInteractions: n(2)}), []string{"oSeg1"}},
		{"max interactions", c(segment.Criteria{MaxInteractions: n(0)}), []string{"oSeg3", "oSeg5"}},
		{"tag and activity", c(segment.Criteria{TagsAny: []int64{fx.vip}, InteractedFrom: base.AddDate(0, 0, -5)}),
			[]string{"oSeg1"}},
		{"tag, any status, interactions", c(segment.Criteria{Status: segment.StatusAny, TagsAll: []int64{fx.vip},
			MinInteractions: n(1), MaxInteractions: n(1)}), []string{"oSeg2", "oSeg4"}},
		{"nothing", c(segment.Criteria{TagsAll: []int64{fx.blocked, fx.fresh}}), nil},
		{"another account's tag", c(segment.Criteria{TagsAny: []int64{fx.vip + 1000}}), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.CountSegment(ctx(t), tc.c)
			if err != nil || got != len(tc.want) {
				t.Errorf("CountSegment = %d, %v; want %d", got, err, len(tc.want))
			}
			if ids := segmentPages(t, s, tc.c, 2); !slices.Equal(ids, tc.want) {
				t.Errorf("SegmentOpenIDs by two = %v, want %v", ids, tc.want)
			}
			sample, err := s.SegmentSample(ctx(t), tc.c, 100)
			var ids []string
			for _, m := range sample {
				ids = append(ids, m.OpenID)
			}
			slices.Sort(ids)
			if err != nil || !slices.Equal(ids, tc.want) {
				t.Errorf("SegmentSample = %v, %v; want %v", ids, err, tc.want)
			}
			if few, err := s.SegmentSample(ctx(t), tc.c, 1); err != nil || len(few) != min(1, len(tc.want)) {
				t.Errorf("SegmentSample(1) = %d members, %v", len(few), err)
			}
		})
	}
}

// segmentPages reads every page of SegmentOpenIDs.
func segmentPages(t *testing.T, s Store, c segment.Criteria, size int) []string {
	t.Helper()
	var out []string
	after := ""
	for range 100 {
		ids, err := s.SegmentOpenIDs(ctx(t), c, after, size)
		if err != nil {
			t.Fatalf("SegmentOpenIDs after %q: %v", after, err)
		}
		out = append(out, ids...)
		if len(ids) < size {
			return out
		}
		after = ids[len(ids)-1]
	}
	t.Fatal("SegmentOpenIDs does not end")
	return nil
}

// testSegmentMembers checks the member rows with their tag names and the
// builder's options: the account's own tags and scenes, with counts.
func testSegmentMembers(t *testing.T, s Store) {
	fx := newSegmentFixture(t, s)
	ms, err := s.SegmentMembers(ctx(t), segment.Criteria{AccountID: fx.acct, Status: segment.StatusAny}, "oSeg1", 2)
	if err != nil || len(ms) != 2 {
		t.Fatalf("SegmentMembers = %+v, %v; want 2 members", ms, err)
	}
	m := ms[0]
	if m.OpenID != "oSeg2" || m.Nickname != "粉丝oSeg2" || !m.Subscribed || m.Interactions != 1 ||
		!m.SubscribedAt.Equal(day(2024, 4, 15)) || !m.LastInteraction.Equal(base.AddDate(0, 0, -10)) ||
		!slices.Equal(m.Tags, []string{"vip", "新客"}) {
		t.Errorf("member = %+v", m)
	}
	if ms[1].OpenID != "oSeg3" || !slices.Equal(ms[1].Tags, []string{"新客"}) || ms[1].QRScene != "booth" {
		t.Errorf("second member = %+v", ms[1])
	}
	o, err := s.SegmentOptions(ctx(t), fx.acct)
	if err != nil {
		t.Fatal(err)
	}
	tags := fmt.Sprint(o.Tags)
	want := fmt.Sprintf("[{%d blocked 1} {%d vip 3} {%d 新客 2}]", fx.blocked, fx.vip, fx.fresh)
	if tags != want {
		t.Errorf("option tags = %s, want %s", tags, want)
	}
	if got := fmt.Sprint(o.QRScenes); got != "[{poster 2} {booth 1}]" {
		t.Errorf("qr scenes = %s", got)
	}
	if got := fmt.Sprint(o.SubscribeScenes); got != "[{ADD_SCENE_QR_CODE 3} {ADD_SCENE_ACCOUNT_MIGRATION 1} {ADD_SCENE_SEARCH 1}]" {
		t.Errorf("subscribe scenes = %s", got)
	}
}

// testSegments saves, lists, renames and deletes segments: names unique
// per account, another account's segment out of reach, the filter intact.
func testSegments(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_segs").ID
	other := mustAccount(t, s, "wx_segs_other").ID
	min := int64(3)
	f := segment.Filter{Status: segment.StatusAny, TagsAny: []int64{4, 5}, QRScenes: []string{"门店A"},
		FollowedFrom: "2024-01-01", InactiveDays: 30, MinInteractions: &min}
	seg := &segment.Segment{AccountID: acct, Name: "沉睡老粉", Filter: f, CreatedBy: 7, CreatedAt: base}
	if err := s.CreateSegment(ctx(t), seg); err != nil || seg.ID == 0 {
		t.Fatalf("CreateSegment: id %d, %v", seg.ID, err)
	}
	wantCode(t, "duplicate name", s.CreateSegment(ctx(t), &segment.Segment{AccountID: acct, Name: "沉睡老粉"}), errs.Conflict)
	wantCode(t, "unknown account", s.CreateSegment(ctx(t), &segment.Segment{AccountID: 999999, Name: "x"}), errs.NotFound)
	if err := s.CreateSegment(ctx(t), &segment.Segment{AccountID: other, Name: "沉睡老粉", CreatedAt: base}); err != nil {
		t.Errorf("same name in another account: %v", err)
	}
	got, err := s.Segment(ctx(t), acct, seg.ID)
	if err != nil || got.Name != seg.Name || *got.Filter.MinInteractions != 3 || got.Filter.QRScenes[0] != "门店A" ||
		got.Filter.InactiveDays != 30 || got.CreatedBy != 7 || !got.CreatedAt.Equal(base) || !got.UpdatedAt.Equal(base) {
		t.Errorf("Segment = %+v, %v", got, err)
	}
	_, err = s.Segment(ctx(t), other, seg.ID)
	wantCode(t, "Segment of another account", err, errs.NotFound)
	b := &segment.Segment{AccountID: acct, Name: "A 新客", CreatedAt: base}
	if err := s.CreateSegment(ctx(t), b); err != nil {
		t.Fatal(err)
	}
	testSegmentChange(t, s, acct, other, seg, b)
}

func testSegmentChange(t *testing.T, s Store, acct, other int64, seg, b *segment.Segment) {
	seg.Name, seg.Filter, seg.UpdatedAt = "活跃", segment.Filter{ActiveWithinDays: 7}, base.Add(time.Hour)
	if err := s.UpdateSegment(ctx(t), seg); err != nil {
		t.Fatalf("UpdateSegment: %v", err)
	}
	b.Name = "活跃"
	wantCode(t, "rename onto another", s.UpdateSegment(ctx(t), b), errs.Conflict)
	wantCode(t, "update another account's", s.UpdateSegment(ctx(t), &segment.Segment{ID: seg.ID, AccountID: other, Name: "x"}), errs.NotFound)
	list, err := s.ListSegments(ctx(t), acct)
	if err != nil || len(list) != 2 || list[0].Name != "A 新客" || list[1].Name != "活跃" ||
		list[1].Filter.ActiveWithinDays != 7 || list[1].Filter.InactiveDays != 0 || !list[1].UpdatedAt.Equal(base.Add(time.Hour)) {
		t.Errorf("ListSegments = %+v, %v", list, err)
	}
	wantCode(t, "delete another account's", s.DeleteSegment(ctx(t), other, seg.ID), errs.NotFound)
	if err := s.DeleteSegment(ctx(t), acct, seg.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "delete twice", s.DeleteSegment(ctx(t), acct, seg.ID), errs.NotFound)
	if list, _ := s.ListSegments(ctx(t), acct); len(list) != 1 {
		t.Errorf("after delete: %+v", list)
	}
}

// testSegmentTagStatus: tag counts (read from follower_tags alone) follow
// a follower who unfollows and comes back, and one tagged before the
// store knew it.
func testSegmentTagStatus(t *testing.T, s Store) {
	fx := newSegmentFixture(t, s)
	vip := segment.Criteria{AccountID: fx.acct, Status: segment.StatusSubscribed, TagsAny: []int64{fx.vip}}
	gone := vip
	gone.Status = segment.StatusUnsubscribed
	notVIP := segment.Criteria{AccountID: fx.acct, Status: segment.StatusSubscribed, TagsNone: []int64{fx.vip}}
	check := func(when string, wantVIP, wantGone, wantNot int) {
		t.Helper()
		for _, tc := range []struct {
			c    segment.Criteria
			want int
		}{{vip, wantVIP}, {gone, wantGone}, {notVIP, wantNot}} {
			if n, err := s.CountSegment(ctx(t), tc.c); err != nil || n != tc.want {
				t.Errorf("%s: count %+v = %d, %v; want %d", when, tc.c, n, err, tc.want)
			}
		}
	}
	check("fixture", 2, 1, 2)
	mustCommit(t, s, event(fx.acct, "oSeg1", "unsubscribe", "", base.Add(time.Minute)))
	check("after oSeg1 unfollows", 1, 2, 2)
	mustCommit(t, s, event(fx.acct, "oSeg1", "subscribe", "", base.Add(2*time.Minute)),
		event(fx.acct, "oSeg4", "subscribe", "", base.Add(2*time.Minute)))
	check("after both come back", 3, 0, 2)
	mustCommit(t, s, event(fx.acct, "oSeg6", "subscribe", "", base.Add(3*time.Minute)))
	check("a new follower", 3, 0, 3)
}

// testSegmentTagBits: counts that test tags as bits of tag_mask follow
// tagging, untagging, and a deleted tag whose bit a new tag then reuses.
func testSegmentTagBits(t *testing.T, s Store) {
	fx := newSegmentFixture(t, s)
	zero := int64(0)
	count := func(any ...int64) int {
		t.Helper()
		n, err := s.CountSegment(ctx(t), segment.Criteria{AccountID: fx.acct, Status: segment.StatusAny,
			TagsAny: any, MinInteractions: &zero})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := count(fx.vip, fx.fresh); got != 4 {
		t.Errorf("vip or 新客 = %d, want 4", got)
	}
	if err := s.UntagFollower(ctx(t), fx.acct, "oSeg2", fx.fresh); err != nil {
		t.Fatal(err)
	}
	if got := count(fx.fresh); got != 1 {
		t.Errorf("新客 after untagging oSeg2 = %d, want 1", got)
	}
	if err := s.DeleteTag(ctx(t), fx.acct, fx.fresh); err != nil {
		t.Fatal(err)
	}
	reused := tagAll(t, s, fx.acct, "复购", "oSeg5")
	if got := count(reused); got != 1 {
		t.Errorf("a new tag on oSeg5 counts %d, want 1 (no bits left by the deleted tag)", got)
	}
	if got := count(reused, fx.vip); got != 4 {
		t.Errorf("复购 or vip = %d, want 4", got)
	}
}
