package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// testFollowerProfile follows one follower through follow, unfollow and two
// refollows and checks the customer file's view of them.
func testFollowerProfile(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_profile").ID
	at := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	mustCommit(t, s,
		event(acct, "o_fan", "subscribe", "qrscene_promo", at(1)),
		text(acct, "o_fan", 1, "你好", at(2)),
		event(acct, "o_fan", "unsubscribe", "", at(3)),
		event(acct, "o_other", "subscribe", "", at(3)),
		event(acct, "o_fan", "subscribe", "", at(4)),
		event(acct, "o_fan", "SCAN", "desk", at(5)),
		event(acct, "o_fan", "subscribe", "qrscene_shop", at(6)),
	)
	p, err := audience.LoadProfile(ctx(t), s, acct, "o_fan")
	if err != nil {
		t.Fatalf("LoadProfile: %v", err)
	}
	want := []audience.FollowEvent{
		{At: at(1), Subscribe: true, QRScene: "promo", Step: audience.StepFollow},
		{At: at(3), Step: audience.StepUnfollow},
		{At: at(4), Subscribe: true, Step: audience.StepRefollow},
		{At: at(6), Subscribe: true, QRScene: "shop", Step: audience.StepRefollow},
	}
	checkFollowHistory(t, p.History, want)
	if !p.FirstFollow().Equal(at(1)) || p.Refollows() != 2 || p.Follower.QRScene != "shop" || !p.Follower.Subscribed {
		t.Errorf("profile: first follow %v, refollows %d, follower %+v", p.FirstFollow(), p.Refollows(), p.Follower)
	}
	_, err = audience.LoadProfile(ctx(t), s, acct, "o_nobody")
	wantCode(t, "LoadProfile of an unknown follower", err, errs.NotFound)
	t.Run("tags", func(t *testing.T) { testFollowerTags(t, s, acct) })
}

func checkFollowHistory(t *testing.T, got, want []audience.FollowEvent) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("history has %d events %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if got[i].MessageID == 0 || (i > 0 && got[i].MessageID <= got[i-1].MessageID) {
			t.Errorf("event %d has message id %d", i, got[i].MessageID)
		}
		want[i].MessageID = got[i].MessageID
		if !got[i].At.Equal(want[i].At) {
			t.Errorf("event %d at %v, want %v", i, got[i].At, want[i].At)
		}
		got[i].At = want[i].At
		if got[i] != want[i] {
			t.Errorf("event %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func testFollowerTags(t *testing.T, s Store, acct int64) {
	vip, err := s.TagFollower(ctx(t), acct, "o_fan", "VIP")
	if err != nil || vip.ID == 0 || vip.Name != "VIP" {
		t.Fatalf("TagFollower = %+v, %v", vip, err)
	}
	again, err := s.TagFollower(ctx(t), acct, "o_fan", "VIP")
	if err != nil || again.ID != vip.ID {
		t.Errorf("tagging twice = %+v, %v; want tag %d again", again, err, vip.ID)
	}
	old, _ := s.TagFollower(ctx(t), acct, "o_fan", "老客户")
	if shared, _ := s.TagFollower(ctx(t), acct, "o_other", "VIP"); shared.ID != vip.ID {
		t.Errorf("same name on another follower made tag %d, want %d", shared.ID, vip.ID)
	}
	_, err = s.TagFollower(ctx(t), acct, "o_nobody", "VIP")
	wantCode(t, "tagging an unknown follower", err, errs.NotFound)
	got, err := s.FollowerTags(ctx(t), acct, "o_fan")
	if err != nil || !slices.Equal(got, []audience.Tag{vip, old}) {
		t.Errorf("FollowerTags = %+v, %v; want %+v", got, err, []audience.Tag{vip, old})
	}
	if err := s.UntagFollower(ctx(t), acct, "o_fan", vip.ID); err != nil {
		t.Fatalf("UntagFollower: %v", err)
	}
	wantCode(t, "untag twice", s.UntagFollower(ctx(t), acct, "o_fan", vip.ID), errs.NotFound)
	if got, _ := s.FollowerTags(ctx(t), acct, "o_fan"); !slices.Equal(got, []audience.Tag{old}) {
		t.Errorf("after untag: %+v", got)
	}
	if got, _ := s.FollowerTags(ctx(t), acct, "o_other"); len(got) != 1 {
		t.Errorf("o_other lost its tag: %+v", got)
	}
}

// testFollowerList pages, filters and searches an account's followers,
// bulk loaded because no push carries a nickname or remark.
func testFollowerList(t *testing.T, s Store) {
	bl, ok := s.(bulkLoader)
	if !ok {
		t.Fatal("the store cannot bulk load followers")
	}
	acct := mustAccount(t, s, "wx_list").ID
	other := mustAccount(t, s, "wx_list_other").ID
	cols := []string{"account_id", "openid", "subscribed", "nickname", "remark", "first_seen_at"}
	seen := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	rows := [][]any{
		{acct, "ofan_000001", true, "小明", "", seen(1)},
		{acct, "ofan_000002", false, "小红", "VIP客户", seen(2)},
		{acct, "ofan_000003", true, "Alice", "", seen(3)},
		{acct, "ofan_000004", true, "", "小区业主", seen(4)},
		{acct, "ofan_000005", true, "Bob", "", seen(5)},
		{acct, "ofan_000006", false, "小明明", "", seen(5)},
		{other, "ofan_000007", true, "小明", "", seen(9)},
	}
	if err := bl.BulkLoad(ctx(t), "followers", cols, rows); err != nil {
		t.Fatalf("BulkLoad: %v", err)
	}
	if got, err := s.FollowerTotals(ctx(t), acct); err != nil || got != (audience.Totals{Known: 6, Subscribed: 4}) {
		t.Errorf("FollowerTotals = %+v, %v; want 6 known, 4 subscribed", got, err)
	}
	if got, err := s.FollowerTotals(ctx(t), 999999); err != nil || got != (audience.Totals{}) {
		t.Errorf("FollowerTotals of an unknown account = %+v, %v", got, err)
	}
	t.Run("filters", func(t *testing.T) { testFollowerFilters(t, s, acct) })
	t.Run("paging", func(t *testing.T) {
		for _, size := range []int{1, 2, 4, 6} {
			checkFollowerPages(t, s, audience.FollowerQuery{AccountID: acct, Limit: size}, "654321")
			checkFollowerPages(t, s, audience.FollowerQuery{AccountID: acct, Limit: size, Search: "小"}, "6421")
		}
	})
}

func testFollowerFilters(t *testing.T, s Store, acct int64) {
	sub, unsub := audience.StatusSubscribed, audience.StatusUnsubscribed
	tests := []struct {
		search string
		status audience.FollowerStatus
		want   string // last digits of the openids, in order
	}{
		{"", audience.StatusAll, "654321"},
		{"", sub, "5431"},
		{"", unsub, "62"},
		{"小明", audience.StatusAll, "61"},
		{"小", audience.StatusAll, "6421"}, // nickname or remark
		{"小", sub, "41"},
		{"VIP", audience.StatusAll, "2"},
		{" Ali ", audience.StatusAll, "3"},
		{"ali", audience.StatusAll, ""}, // case-sensitive
		{"ofan_000003", audience.StatusAll, "3"},
		{"ofan_000", unsub, "62"},
		{"ofan", audience.StatusAll, ""}, // too short for an openid prefix
		{"明", audience.StatusAll, ""},    // prefixes only
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s", tt.search, tt.status), func(t *testing.T) {
			p, err := s.ListFollowers(ctx(t), audience.FollowerQuery{AccountID: acct, Search: tt.search, Status: tt.status})
			if err != nil {
				t.Fatalf("ListFollowers: %v", err)
			}
			if got := followerDigits(p.Followers); got != tt.want || !p.Next.IsZero() {
				t.Errorf("got %q (next %v), want %q", got, p.Next, tt.want)
			}
		})
	}
}

// checkFollowerPages walks every page of q and compares the concatenation.
func checkFollowerPages(t *testing.T, s Store, q audience.FollowerQuery, want string) {
	t.Helper()
	got := ""
	for range 10 {
		p, err := s.ListFollowers(ctx(t), q)
		if err != nil {
			t.Fatalf("ListFollowers: %v", err)
		}
		if len(p.Followers) > q.Limit {
			t.Fatalf("page of %d followers for limit %d", len(p.Followers), q.Limit)
		}
		got += followerDigits(p.Followers)
		if p.Next.IsZero() {
			break
		}
		if q.After, err = audience.ParseFollowerCursor(p.Next.String()); err != nil {
			t.Fatalf("cursor %q: %v", p.Next.String(), err)
		}
	}
	if got != want {
		t.Errorf("pages of %d (search %q) = %q, want %q", q.Limit, q.Search, got, want)
	}
}

func followerDigits(fs []audience.Follower) string {
	out := ""
	for _, f := range fs {
		out += f.OpenID[len(f.OpenID)-1:]
	}
	return out
}
