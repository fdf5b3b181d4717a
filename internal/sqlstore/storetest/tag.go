package storetest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// testTags covers tag CRUD, counts and tagging followers in bulk.
func testTags(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_tags").ID
	other := mustAccount(t, s, "wx_tags_other").ID
	mustCommit(t, s, event(acct, "o_a", "subscribe", "", base), event(acct, "o_b", "subscribe", "", base),
		event(acct, "o_gone", "subscribe", "", base), event(acct, "o_gone", "unsubscribe", "", base.Add(1)))
	vip, err := s.CreateTag(ctx(t), acct, "VIP", 101)
	if err != nil || vip.ID == 0 || vip.WxTagID != 101 || !vip.Synced() {
		t.Fatalf("CreateTag = %+v, %v", vip, err)
	}
	local, err := s.CreateTag(ctx(t), acct, "本地", 0)
	if err != nil || local.Synced() {
		t.Fatalf("CreateTag(local) = %+v, %v", local, err)
	}
	_, err = s.CreateTag(ctx(t), acct, "VIP", 0)
	wantCode(t, "duplicate name", err, errs.Conflict)
	if _, err := s.CreateTag(ctx(t), other, "VIP", 101); err != nil {
		t.Errorf("the same name on another account: %v", err)
	}
	if n, err := s.AddTagFollowers(ctx(t), acct, vip.ID, []string{"o_a", "o_b", "o_gone", "o_a"}); err != nil || n != 3 {
		t.Errorf("AddTagFollowers = %d, %v; want 3", n, err)
	}
	if n, err := s.AddTagFollowers(ctx(t), acct, vip.ID, []string{"o_a"}); err != nil || n != 0 {
		t.Errorf("AddTagFollowers again = %d, %v; want 0", n, err)
	}
	_, err = s.AddTagFollowers(ctx(t), other, vip.ID, []string{"o_a"})
	wantCode(t, "tagging with another account's tag", err, errs.NotFound)
	tags, err := s.Tags(ctx(t), acct)
	if err != nil || len(tags) != 2 || tags[0].Tag != vip || tags[0].Known != 3 || !tags[0].HasWxCount ||
		tags[0].WxCount != 3 || tags[0].WxCountAt.IsZero() || tags[1].Tag != local || tags[1].HasWxCount || tags[1].Known != 0 {
		t.Errorf("Tags = %+v, %v; want VIP (3 known, WeChat count 3) and a local tag", tags, err)
	}
	checkTagCRUD(t, s, acct, vip, local)
}

func checkTagCRUD(t *testing.T, s Store, acct int64, vip, local audience.Tag) {
	if err := s.RenameTag(ctx(t), acct, vip.ID, "贵宾"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "rename onto a taken name", s.RenameTag(ctx(t), acct, local.ID, "贵宾"), errs.Conflict)
	wantCode(t, "rename a missing tag", s.RenameTag(ctx(t), acct, 99999, "x"), errs.NotFound)
	if got, err := s.TagByName(ctx(t), acct, "贵宾"); err != nil || got.ID != vip.ID {
		t.Errorf("TagByName = %+v, %v", got, err)
	}
	if err := s.SetTagWxID(ctx(t), acct, local.ID, 102); err != nil {
		t.Fatal(err)
	}
	if tg := tagCount(t, s, acct, local.ID); !tg.HasWxCount || tg.WxCount != 0 {
		t.Errorf("a pushed tag's WeChat count = %+v, want 0", tg)
	}
	if got, err := s.Tag(ctx(t), acct, local.ID); err != nil || got.WxTagID != 102 {
		t.Errorf("Tag after SetTagWxID = %+v, %v", got, err)
	}
	if n, err := s.RemoveTagFollowers(ctx(t), acct, vip.ID, []string{"o_a", "o_nobody"}); err != nil || n != 1 {
		t.Errorf("RemoveTagFollowers = %d, %v; want 1", n, err)
	}
	if tg := tagCount(t, s, acct, vip.ID); tg.WxCount != 2 || tg.Known != 2 {
		t.Errorf("counts after removing one = %+v", tg)
	}
	if ids, err := s.TagFollowerIDs(ctx(t), acct, vip.ID, "", 10); err != nil || !slices.Equal(ids, []string{"o_b", "o_gone"}) {
		t.Errorf("TagFollowerIDs = %v, %v", ids, err)
	}
	if ids, _ := s.TagFollowerIDs(ctx(t), acct, vip.ID, "o_b", 10); !slices.Equal(ids, []string{"o_gone"}) {
		t.Errorf("TagFollowerIDs after o_b = %v", ids)
	}
	if err := s.DeleteTag(ctx(t), acct, vip.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Tag(ctx(t), acct, vip.ID)
	wantCode(t, "deleted tag", err, errs.NotFound)
	if got, _ := s.FollowerTags(ctx(t), acct, "o_b"); len(got) != 0 {
		t.Errorf("o_b still carries %+v", got)
	}
	wantCode(t, "delete twice", s.DeleteTag(ctx(t), acct, vip.ID), errs.NotFound)
}

// testTagBulk tags more followers than one statement carries.
func testTagBulk(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_tags_bulk").ID
	tag, err := s.CreateTag(ctx(t), acct, "批量", 0)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 1234)
	for i := range ids {
		ids[i] = fmt.Sprintf("o_%05d", i)
	}
	if n, err := s.AddTagFollowers(ctx(t), acct, tag.ID, ids); err != nil || n != 1234 {
		t.Fatalf("AddTagFollowers = %d, %v", n, err)
	}
	if n, err := s.RemoveTagFollowers(ctx(t), acct, tag.ID, ids[:1001]); err != nil || n != 1001 {
		t.Fatalf("RemoveTagFollowers = %d, %v", n, err)
	}
	if got, _ := s.TagFollowerIDs(ctx(t), acct, tag.ID, "", 1000); len(got) != 233 || got[0] != "o_01001" {
		t.Errorf("left %d followers starting %v", len(got), got[:min(1, len(got))])
	}
}

// testTagImport makes local tags equal WeChat's list, then stores profile
// tag lists the way a follower sync does.
func testTagImport(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_tags_import").ID
	gone, _ := s.CreateTag(ctx(t), acct, "已删除", 100)
	a, _ := s.CreateTag(ctx(t), acct, "甲", 101)
	b, _ := s.CreateTag(ctx(t), acct, "乙", 102)
	pending, _ := s.CreateTag(ctx(t), acct, "待推送", 0)
	adopt, _ := s.CreateTag(ctx(t), acct, "同名", 0)
	clash, _ := s.CreateTag(ctx(t), acct, "新名", 0) // a local tag holding the name 101 gets at WeChat
	mustAdd(t, s, acct, gone.ID, "o_1")
	mustAdd(t, s, acct, clash.ID, "o_2")
	remote := []audience.RemoteTag{{ID: 101, Name: "新名", Count: 7}, {ID: 102, Name: "甲"}, {ID: 103, Name: "同名"}, {ID: 104, Name: "全新"}}
	res, err := s.ImportTags(ctx(t), acct, remote)
	if want := (audience.TagImport{Added: 1, Renamed: 2, Adopted: 1, Removed: 1}); err != nil || res != want {
		t.Fatalf("ImportTags = %+v, %v; want %+v", res, err, want)
	}
	tags, _ := s.Tags(ctx(t), acct)
	got := map[string]int64{}
	for _, tg := range tags {
		got[tg.Name] = tg.WxTagID
		if tg.Name == "新名" && (tg.WxCount != 7 || !tg.HasWxCount) {
			t.Errorf("WeChat's count of 新名 = %+v, want 7", tg)
		}
	}
	want := map[string]int64{"新名": 101, "甲": 102, "同名": 103, "全新": 104, "待推送": 0}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("tags after import = %v, want %v", got, want)
	}
	if ft, _ := s.FollowerTags(ctx(t), acct, "o_2"); len(ft) != 1 || ft[0].ID != a.ID {
		t.Errorf("o_2's tags = %+v, want the merged tag %d", ft, a.ID)
	}
	if ft, _ := s.FollowerTags(ctx(t), acct, "o_1"); len(ft) != 0 {
		t.Errorf("o_1 keeps the deleted tag: %+v", ft)
	}
	_ = b
	checkProfileTags(t, s, acct, pending, adopt)
}

func checkProfileTags(t *testing.T, s Store, acct int64, pending, adopt audience.Tag) {
	mustAdd(t, s, acct, pending.ID, "o_p")
	mustAdd(t, s, acct, adopt.ID, "o_p")
	st := &audience.SyncState{AccountID: acct, Phase: audience.PhaseProfile, StartedAt: base, UpdatedAt: base}
	ps := []audience.SyncProfile{
		{OpenID: "o_p", Subscribed: true, TagIDs: []int{101, 104, 999}},
		{OpenID: "o_left", Subscribed: false},
	}
	if err := s.SaveFollowerProfiles(ctx(t), st, ps, base); err != nil {
		t.Fatal(err)
	}
	var names []string
	ft, _ := s.FollowerTags(ctx(t), acct, "o_p")
	for _, tg := range ft {
		names = append(names, tg.Name)
	}
	// 同名 (103) was replaced by the tagid_list; 待推送 is local and stays.
	slices.Sort(names)
	if want := []string{"全新", "待推送", "新名"}; !slices.Equal(names, want) {
		t.Errorf("o_p's tags after the profile = %v, want %v", names, want)
	}
}

func tagCount(t *testing.T, s Store, acct, id int64) audience.TagCount {
	t.Helper()
	tags, err := s.Tags(ctx(t), acct)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range tags {
		if tg.ID == id {
			return tg
		}
	}
	t.Fatalf("no tag %d in %+v", id, tags)
	return audience.TagCount{}
}

func mustAdd(t *testing.T, s Store, acct, tagID int64, openIDs ...string) {
	t.Helper()
	if _, err := s.AddTagFollowers(ctx(t), acct, tagID, openIDs); err != nil {
		t.Fatal(err)
	}
}
