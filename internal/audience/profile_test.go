package audience

import (
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestLabelFollows(t *testing.T) {
	sub, unsub := FollowEvent{Subscribe: true}, FollowEvent{}
	tests := []struct {
		name   string
		events []FollowEvent
		want   []FollowStep
	}{
		{"none", nil, nil},
		{"follow", []FollowEvent{sub}, []FollowStep{StepFollow}},
		{"follow, unfollow, refollow", []FollowEvent{sub, unsub, sub}, []FollowStep{StepFollow, StepUnfollow, StepRefollow}},
		{"followed before the records", []FollowEvent{unsub, sub}, []FollowStep{StepUnfollow, StepRefollow}},
		{"missed unsubscribe", []FollowEvent{sub, sub}, []FollowStep{StepFollow, StepRefollow}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			LabelFollows(tt.events)
			for i, e := range tt.events {
				if e.Step != tt.want[i] {
					t.Errorf("event %d: %q, want %q", i, e.Step, tt.want[i])
				}
			}
		})
	}
}

func TestProfileFirstFollow(t *testing.T) {
	t1, t2 := time.Unix(100, 0), time.Unix(200, 0)
	tests := []struct {
		name      string
		p         Profile
		want      time.Time
		refollows int
	}{
		{"from the history", Profile{History: []FollowEvent{{At: t1, Subscribe: true}, {At: t2, Subscribe: true, Step: StepRefollow}},
			Follower: Follower{SubscribedAt: t2}}, t1, 1},
		{"history starts with an unfollow", Profile{History: []FollowEvent{{At: t1, Step: StepUnfollow}}}, time.Time{}, 0},
		{"no history: the follower row", Profile{Follower: Follower{SubscribedAt: t2}}, t2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.FirstFollow(); !got.Equal(tt.want) {
				t.Errorf("FirstFollow = %v, want %v", got, tt.want)
			}
			if got := tt.p.Refollows(); got != tt.refollows {
				t.Errorf("Refollows = %d, want %d", got, tt.refollows)
			}
		})
	}
}

func TestFollowerCursor(t *testing.T) {
	c := FollowerCursor{FirstSeenAt: time.UnixMilli(1714550400123).UTC(), OpenID: "o6_bmjr-PT_x"}
	got, err := ParseFollowerCursor(c.String())
	if err != nil || got != c {
		t.Fatalf("round trip %q = %+v, %v", c.String(), got, err)
	}
	if z, err := ParseFollowerCursor(""); err != nil || !z.IsZero() || z.String() != "" {
		t.Errorf("empty cursor = %+v, %v", z, err)
	}
	for _, bad := range []string{"x", "12", "12_", "_o1", "-5_o1", "1.5_o1"} {
		if _, err := ParseFollowerCursor(bad); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("ParseFollowerCursor(%q) error %v, want invalid", bad, err)
		}
	}
}

func FuzzParseFollowerCursor(f *testing.F) {
	for _, s := range []string{"", "1714550400123_o1", "x_y", "0_", "99999999999999999999_o"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseFollowerCursor(s)
		if err != nil {
			return
		}
		back, err := ParseFollowerCursor(c.String())
		if err != nil || back != c {
			t.Fatalf("%q parsed to %+v, which does not round-trip: %+v, %v", s, c, back, err)
		}
	})
}

func TestParseFollowerStatus(t *testing.T) {
	for in, want := range map[string]FollowerStatus{"subscribed": StatusSubscribed, "unsubscribed": StatusUnsubscribed,
		"": StatusAll, "all": StatusAll, "<script>": StatusAll} {
		if got := ParseFollowerStatus(in); got != want {
			t.Errorf("ParseFollowerStatus(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCleanTagName(t *testing.T) {
	if got, err := CleanTagName("  VIP 客户 "); err != nil || got != "VIP 客户" {
		t.Errorf("CleanTagName = %q, %v", got, err)
	}
	for _, bad := range []string{"", "   ", strings.Repeat("标", MaxTagRunes+1)} {
		if _, err := CleanTagName(bad); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("CleanTagName(%q) error %v, want invalid", bad, err)
		}
	}
}
