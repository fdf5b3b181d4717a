package autoreply

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

type hit struct{ pattern, end int }

func acHits(patterns []string, text string) []hit {
	var got []hit
	newACMatcher(patterns).Match([]byte(text), func(p, end int) bool {
		got = append(got, hit{p, end})
		return true
	})
	return sortHits(got)
}

// naiveHits is the oracle: every occurrence of every non-empty pattern, by
// strings.Index from each position.
func naiveHits(patterns []string, text string) []hit {
	var want []hit
	for p, pat := range patterns {
		if pat == "" {
			continue
		}
		for i := 0; i+len(pat) <= len(text); i++ {
			if strings.HasPrefix(text[i:], pat) {
				want = append(want, hit{p, i + len(pat)})
			}
		}
	}
	return sortHits(want)
}

func sortHits(h []hit) []hit {
	slices.SortFunc(h, func(a, b hit) int {
		if a.end != b.end {
			return a.end - b.end
		}
		return a.pattern - b.pattern
	})
	return h
}

func TestACMatcher(t *testing.T) {
	tests := []struct {
		name     string
		patterns []string
		text     string
		want     []hit
	}{
		{"classic", []string{"he", "she", "his", "hers"}, "ushers", []hit{{0, 4}, {1, 4}, {3, 6}}},
		{"overlapping", []string{"aa"}, "aaaa", []hit{{0, 2}, {0, 3}, {0, 4}}},
		{"prefixes of each other", []string{"门", "门票", "门票价"}, "门票价格", []hit{{0, 3}, {1, 6}, {2, 9}}},
		{"suffixes of each other", []string{"价格", "票价格", "格"}, "门票价格", []hit{{0, 12}, {1, 12}, {2, 12}}},
		{"cjk", []string{"营业时间", "时间"}, "请问营业时间", []hit{{0, 18}, {1, 18}}},
		{"duplicate patterns", []string{"ab", "ab"}, "xab", []hit{{0, 3}, {1, 3}}},
		{"empty pattern never matches", []string{"", "b"}, "ab", []hit{{1, 2}}},
		{"no patterns", nil, "abc", nil},
		{"no match", []string{"xyz"}, "abc", nil},
		{"fail chain", []string{"abcd", "bce", "c"}, "abce", []hit{{2, 3}, {1, 4}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := acHits(tt.patterns, tt.text)
			if !slices.Equal(got, tt.want) {
				t.Fatalf("hits %v, want %v", got, tt.want)
			}
			if oracle := naiveHits(tt.patterns, tt.text); !slices.Equal(got, oracle) {
				t.Fatalf("hits %v, oracle %v", got, oracle)
			}
		})
	}
}

func TestACMatcherStops(t *testing.T) {
	n := 0
	newACMatcher([]string{"a"}).Match([]byte("aaaa"), func(int, int) bool { n++; return n < 2 })
	if n != 2 {
		t.Fatalf("callback ran %d times after asking to stop at 2", n)
	}
}

// TestACMatcherOracle checks random pattern sets over small alphabets (which
// make overlaps and shared prefixes likely) against the naive oracle.
func TestACMatcherOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	alphabets := [][]string{{"a", "b"}, {"a", "b", "c", "d"}, {"门", "票", "价", "a"}, {"\xe9", "\x97", "\xa8", "x"}}
	for round := range 400 {
		alpha := alphabets[round%len(alphabets)]
		word := func(max int) string {
			var b strings.Builder
			for range rng.IntN(max) + 1 {
				b.WriteString(alpha[rng.IntN(len(alpha))])
			}
			return b.String()
		}
		patterns := make([]string, rng.IntN(30)+1)
		for i := range patterns {
			patterns[i] = word(6)
		}
		text := word(60)
		if got, want := acHits(patterns, text), naiveHits(patterns, text); !slices.Equal(got, want) {
			t.Fatalf("round %d: patterns %q text %q:\n got %v\nwant %v", round, patterns, text, got, want)
		}
	}
}

// TestACMatcherWideState exercises the binary search of states with many edges.
func TestACMatcherWideState(t *testing.T) {
	var patterns []string
	for c := byte('a'); c <= 'z'; c++ {
		patterns = append(patterns, "x"+string(c), "xy"+string(c))
	}
	text := "xaxyzxxq"
	if got, want := acHits(patterns, text), naiveHits(patterns, text); !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func FuzzACMatcher(f *testing.F) {
	f.Add("he,she,his,hers", "ushers")
	f.Add("门,门票,票价", "门票价格门票")
	f.Add("aa,a,aaa", "aaaaaa")
	f.Fuzz(func(t *testing.T, pats, text string) {
		patterns := strings.Split(pats, ",")
		if len(patterns) > 64 || len(text) > 4096 {
			return
		}
		if got, want := acHits(patterns, text), naiveHits(patterns, text); !slices.Equal(got, want) {
			t.Fatalf("patterns %q text %q:\n got %v\nwant %v", patterns, text, got, want)
		}
	})
}

func ExampleNormalize() {
	fmt.Println(Normalize("  ＡＢＣ１　门票   价格 "))
	// Output: abc1 门票 价格
}
