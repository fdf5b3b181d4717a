package segment

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

func n64(v int64) *int64 { return &v }

func TestFilterNormalize(t *testing.T) {
	tests := []struct {
		name string
		f    Filter
		want string // substring of the error; "" = valid
	}{
		{"zero is everyone following", Filter{}, ""},
		{"unknown status", Filter{Status: "gone"}, "关注状态无效"},
		{"negative tag", Filter{TagsAny: []int64{-1}}, "标签编号无效"},
		{"too many tags", Filter{TagsAll: make([]int64, MaxListItems+1)}, "最多 50 个标签"},
		{"tag required and excluded", Filter{TagsAny: []int64{3}, TagsNone: []int64{3}}, "既包含又排除"},
		{"control character in a scene", Filter{QRScenes: []string{"a\nb"}}, "来源渠道无效"},
		{"long scene", Filter{SubscribeScenes: []string{strings.Repeat("x", MaxSceneBytes+1)}}, "来源渠道无效"},
		{"bad date", Filter{FollowedFrom: "2024/05/01"}, "2024-05-01 格式"},
		{"impossible date", Filter{ActiveTo: "2024-02-30"}, "2024-05-01 格式"},
		{"reversed follow range", Filter{FollowedFrom: "2024-05-02", FollowedTo: "2024-05-01"}, "关注日期的结束早于开始"},
		{"reversed activity range", Filter{ActiveFrom: "2024-05-02", ActiveTo: "2024-05-01"}, "最近互动日期的结束早于开始"},
		{"two activity forms", Filter{ActiveWithinDays: 7, ActiveFrom: "2024-05-01"}, "只能选择一种"},
		{"too many days", Filter{InactiveDays: MaxDays + 1}, "天数须在"},
		{"negative days", Filter{ActiveWithinDays: -1}, "天数须在"},
		{"negative interactions", Filter{MinInteractions: n64(-1)}, "不能为负数"},
		{"min above max", Filter{MinInteractions: n64(5), MaxInteractions: n64(2)}, "下限大于上限"},
		{"a full valid filter", Filter{Status: "any", TagsAny: []int64{2, 1}, TagsNone: []int64{9}, QRScenes: []string{" 门店A "},
			FollowedFrom: "2024-01-01", FollowedTo: "2024-01-01", InactiveDays: 30, MinInteractions: n64(0), MaxInteractions: n64(0)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.f.Normalize()
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Normalize: %v", err)
			case tc.want != "" && (!errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Normalize = %v, want Invalid containing %q", err, tc.want)
			}
		})
	}
}

func TestFilterNormalizeTidies(t *testing.T) {
	f := Filter{TagsAny: []int64{3, 1, 3}, QRScenes: []string{" b", "a", "", "a"}, SubscribeScenes: []string{" "}}
	if err := f.Normalize(); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(f)
	if got := string(b); got != `{"status":"subscribed","tags_any":[1,3],"qr_scenes":["a","b"]}` {
		t.Errorf("normalized = %s", got)
	}
}

// TestResolve: days are read in the account's zone, both ends inclusive;
// relative days count back from now.
func TestResolve(t *testing.T) {
	shanghai := time.FixedZone("CST", 8*3600)
	now := time.Date(2024, 5, 10, 12, 0, 0, 0, time.UTC)
	f := Filter{FollowedFrom: "2024-05-01", FollowedTo: "2024-05-02", ActiveWithinDays: 7}
	if err := f.Normalize(); err != nil {
		t.Fatal(err)
	}
	c := f.Resolve(9, now, shanghai)
	if c.AccountID != 9 || c.Status != StatusSubscribed ||
		!c.SubscribedFrom.Equal(time.Date(2024, 4, 30, 16, 0, 0, 0, time.UTC)) ||
		!c.SubscribedBefore.Equal(time.Date(2024, 5, 2, 16, 0, 0, 0, time.UTC)) ||
		!c.InteractedFrom.Equal(now.AddDate(0, 0, -7)) || !c.InteractedBefore.IsZero() || !c.NotInteractedSince.IsZero() {
		t.Errorf("Resolve = %+v", c)
	}
	c = Filter{InactiveDays: 30, ActiveTo: ""}.Resolve(9, now, shanghai)
	if !c.NotInteractedSince.Equal(now.AddDate(0, 0, -30)) || !c.InteractedFrom.IsZero() {
		t.Errorf("inactive: %+v", c)
	}
}

// FuzzFilterJSON: whatever JSON a caller sends, decoding and normalizing
// never panics, and a filter that passes normalizes to itself.
func FuzzFilterJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"status":"any","tags_any":[1,2]}`, `{"followed_from":"2024-01-01","inactive_days":3}`,
		`{"min_interactions":-1}`, `{"qr_scenes":["\u0000"]}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var flt Filter
		if json.Unmarshal([]byte(s), &flt) != nil {
			return
		}
		if err := flt.Normalize(); err != nil {
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("Normalize(%s) = %v, not Invalid", s, err)
			}
			return
		}
		once, _ := json.Marshal(flt)
		if err := flt.Normalize(); err != nil {
			t.Fatalf("a normalized filter is refused: %v", err)
		}
		if twice, _ := json.Marshal(flt); string(once) != string(twice) {
			t.Fatalf("Normalize is not idempotent: %s then %s", once, twice)
		}
		_ = flt.Resolve(1, time.Now(), time.UTC)
	})
}
