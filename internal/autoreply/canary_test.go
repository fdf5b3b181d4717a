package autoreply

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestCanaryNormalize(t *testing.T) {
	long := string(make([]byte, maxOpenIDBytes+1))
	tests := []struct {
		name    string
		in      Canary
		wantIDs []string
		code    errs.Code
	}{
		{"percent only", Canary{Percent: 10}, []string{}, ""},
		{"test followers trimmed and deduplicated", Canary{OpenIDs: []string{" o_a ", "o_b", "", "o_a"}}, []string{"o_a", "o_b"}, ""},
		{"both", Canary{Percent: 100, OpenIDs: []string{"o_a"}}, []string{"o_a"}, ""},
		{"nobody", Canary{OpenIDs: []string{" ", ""}}, nil, errs.Invalid},
		{"negative percent", Canary{Percent: -1, OpenIDs: []string{"o_a"}}, nil, errs.Invalid},
		{"percent over 100", Canary{Percent: 101}, nil, errs.Invalid},
		{"openid with a space", Canary{OpenIDs: []string{"o a"}}, nil, errs.Invalid},
		{"openid too long", Canary{OpenIDs: []string{long}}, nil, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.in
			err := c.Normalize()
			if errs.CodeOf(err) != tt.code && !(tt.code == "" && err == nil) {
				t.Fatalf("Normalize() = %v, want code %q", err, tt.code)
			}
			if err == nil && !reflect.DeepEqual(c.OpenIDs, tt.wantIDs) {
				t.Errorf("openids = %q, want %q", c.OpenIDs, tt.wantIDs)
			}
			if err != nil && !hasChinese(err.Error()) {
				t.Errorf("error %q has no Chinese", err)
			}
		})
	}
	many := Canary{}
	for i := range maxCanaryOpenIDs + 1 {
		many.OpenIDs = append(many.OpenIDs, fmt.Sprintf("o_%d", i))
	}
	if err := many.Normalize(); errs.CodeOf(err) != errs.Invalid {
		t.Errorf("too many test followers: %v", err)
	}
}

func TestCanaryBucketStableAndSpread(t *testing.T) {
	const n = 20000
	inTen := 0
	for i := range n {
		id := fmt.Sprintf("oAbC_follower_%d", i)
		b := CanaryBucket(id)
		if b < 0 || b > 99 || b != CanaryBucket(id) {
			t.Fatalf("bucket of %s = %d, not stable in 0..99", id, b)
		}
		if b < 10 {
			inTen++
		}
	}
	if share := float64(inTen) / n; share < 0.09 || share > 0.11 {
		t.Errorf("10%% canary takes %.3f of followers", share)
	}
}

func TestCanaryIncludes(t *testing.T) {
	c := Canary{Percent: 30, OpenIDs: []string{"o_tester"}}
	s := newSplit(&c)
	if !c.Includes("o_tester") || !s.includes("o_tester") {
		t.Error("a test follower is not on the canary")
	}
	wider := Canary{Percent: 60}
	ws := newSplit(&wider)
	for i := range 1000 {
		id := fmt.Sprintf("o_%d", i)
		if c.Includes(id) != s.includes(id) {
			t.Fatalf("Includes and the compiled split disagree on %s", id)
		}
		if s.includes(id) && id != "o_tester" && !ws.includes(id) {
			t.Fatalf("raising the share from 30%% to 60%% moved %s off the canary", id)
		}
	}
	none := newSplit(&Canary{OpenIDs: []string{"o_x"}})
	if none.includes("o_y") {
		t.Error("a 0% canary takes a follower who is not a tester")
	}
}

func TestParseOpenIDs(t *testing.T) {
	got := ParseOpenIDs(" o_a, o_b;o_c\no_d，o_e\t")
	if want := []string{"o_a", "o_b", "o_c", "o_d", "o_e"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ParseOpenIDs = %q, want %q", got, want)
	}
}
