package tagging_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

func TestApply(t *testing.T) {
	tests := []struct {
		name     string
		ids      []string
		accepted int
		rejected []string
		calls    int
	}{
		{"120 in three batches", openIDs(0, 120), 120, nil, 3},
		{"duplicates and blanks dropped", append(openIDs(0, 3), "o001", "", "o002"), 3, nil, 1},
		{"unknown and gone followers rejected alone", append(openIDs(0, 60), "nobody", "gone"), 60, []string{"nobody", "gone"}, 2 + 12},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, 120)
			ctx := context.Background()
			tag, err := e.svc.Create(ctx, e.acct, "批量")
			if err != nil {
				t.Fatal(err)
			}
			res, err := e.svc.Apply(ctx, e.acct, tag.ID, tc.ids, true)
			if err != nil || res.Accepted != tc.accepted || res.Calls != tc.calls {
				t.Fatalf("Apply = %+v, %v; want %d accepted in %d calls", res, err, tc.accepted, tc.calls)
			}
			var rejected []string
			for _, r := range res.Rejected {
				rejected = append(rejected, r.OpenID)
				if r.Code == 0 || r.Reason == "" {
					t.Errorf("rejection without a reason: %+v", r)
				}
			}
			if !slices.Equal(rejected, tc.rejected) {
				t.Errorf("rejected %v, want %v", rejected, tc.rejected)
			}
			local := e.localMembers(t, tag.ID)
			if len(local) != tc.accepted || !slices.Equal(local, e.simMembers(tag.WxTagID, local)) {
				t.Errorf("local members %d %v differ from WeChat's", len(local), local[:min(3, len(local))])
			}
		})
	}
}

func TestApplyRemove(t *testing.T) {
	e := newEnv(t, 80)
	ctx := context.Background()
	tag, _ := e.svc.Create(ctx, e.acct, "移除")
	if _, err := e.svc.Apply(ctx, e.acct, tag.ID, openIDs(0, 80), true); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Apply(ctx, e.acct, tag.ID, openIDs(0, 70), false)
	if err != nil || res.Accepted != 70 {
		t.Fatalf("remove = %+v, %v", res, err)
	}
	if local := e.localMembers(t, tag.ID); !slices.Equal(local, openIDs(70, 80)) {
		t.Errorf("left locally: %v", local)
	}
	if got := e.simMembers(tag.WxTagID, openIDs(0, 80)); !slices.Equal(got, openIDs(70, 80)) {
		t.Errorf("left at WeChat: %v", got)
	}
}

func TestApplyLimits(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	tag, _ := e.svc.Create(ctx, e.acct, "上限")
	many := make([]string, tagging.MaxApply+1)
	for i := range many {
		many[i] = string(rune('a'+i%26)) + string(rune(i))
	}
	if _, err := e.svc.Apply(ctx, e.acct, tag.ID, many, true); !errs.Is(err, errs.Invalid) {
		t.Errorf("too many openids: %v", err)
	}
	if _, err := e.svc.Apply(ctx, e.acct, 99999, []string{"o000"}, true); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown tag: %v", err)
	}
}

// TestLocalTagPushedOnFirstUse: a tag made without WeChat (and its
// followers) reaches WeChat when it is next used; followers WeChat refuses
// lose it locally.
func TestLocalTagPushedOnFirstUse(t *testing.T) {
	e := newEnv(t, 60)
	ctx := context.Background()
	local, err := e.db.CreateTag(ctx, e.acct.ID, "本地", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AddTagFollowers(ctx, e.acct.ID, local.ID, append(openIDs(0, 55), "gone")); err != nil {
		t.Fatal(err)
	}
	res, err := e.svc.Apply(ctx, e.acct, local.ID, []string{"o059"}, true)
	if err != nil || res.Accepted != 1 {
		t.Fatalf("Apply = %+v, %v", res, err)
	}
	tag, _ := e.svc.Get(ctx, e.acct.ID, local.ID)
	if !tag.Synced() {
		t.Fatal("the tag was not pushed")
	}
	want := append(openIDs(0, 55), "o059")
	if got := e.localMembers(t, tag.ID); !slices.Equal(got, want) {
		t.Errorf("local members = %v", got)
	}
	if got := e.simMembers(tag.WxTagID, openIDs(0, 60)); !slices.Equal(got, want) {
		t.Errorf("WeChat members = %v", got)
	}
}

func TestSync(t *testing.T) {
	e := newEnv(t, 3)
	ctx := context.Background()
	if _, err := e.wx.CreateTag(ctx, "微信建的"); err != nil {
		t.Fatal(err)
	}
	existing, _ := e.wx.CreateTag(ctx, "两边都有")
	both, _ := e.db.CreateTag(ctx, e.acct.ID, "两边都有", 0)
	local, _ := e.db.CreateTag(ctx, e.acct.ID, "只在本地", 0)
	_, _ = e.db.AddTagFollowers(ctx, e.acct.ID, local.ID, []string{"o000", "o001"})
	res, err := e.svc.Sync(ctx, e.acct)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pushed != 2 || res.PushedFollowers != 2 || res.Tags != 3 || res.Added != 1 {
		t.Errorf("Sync = %+v", res)
	}
	if got, _ := e.svc.Get(ctx, e.acct.ID, both.ID); got.WxTagID != existing {
		t.Errorf("the same-named tag has wx id %d, want %d", got.WxTagID, existing)
	}
	tags, _ := e.svc.List(ctx, e.acct.ID)
	for _, tg := range tags {
		if !tg.Synced() {
			t.Errorf("tag %q is still local", tg.Name)
		}
	}
}

func TestNoSecretStaysLocal(t *testing.T) {
	e := newEnv(t, 0)
	ctx := context.Background()
	e.acct.Secret = ""
	tag, err := e.svc.TagFollower(ctx, e.acct, "o_desk", "手工")
	if err != nil || tag.Synced() {
		t.Fatalf("TagFollower = %+v, %v", tag, err)
	}
	if len(e.sim.Tags(appID)) != 0 {
		t.Error("a local tag reached WeChat")
	}
	if err := e.svc.UntagFollower(ctx, e.acct, "o_desk", tag.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Sync(ctx, e.acct); !errs.Is(err, errs.Unavailable) {
		t.Errorf("Sync without a secret: %v", err)
	}
	synced, _ := e.db.CreateTag(ctx, e.acct.ID, "微信", 150)
	if _, err := e.svc.Delete(ctx, e.acct, synced.ID); !errs.Is(err, errs.Unavailable) {
		t.Errorf("deleting a WeChat tag without a secret: %v", err)
	}
}

func TestTagFollowerRejected(t *testing.T) {
	e := newEnv(t, 1)
	ctx := context.Background()
	_, err := e.svc.TagFollower(ctx, e.acct, "gone", "走了")
	if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), strconv.Itoa(wxclient.CodeRequireSubscribe)) {
		t.Fatalf("tagging a follower who left: %v", err)
	}
	if _, err := e.svc.TagFollower(ctx, e.acct, "o000", "走了"); err != nil {
		t.Fatal(err)
	}
}
