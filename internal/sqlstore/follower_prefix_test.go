package sqlstore

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPrefixEnd(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a", "b"},
		{"小明", "小昏"},
		{"o6_", "o6`"},
		{"\uD7FF", "\uE000"}, // skips the surrogates
		{"a" + string(utf8.MaxRune), "a" + string(utf8.MaxRune) + string(utf8.MaxRune)},
	}
	for _, tt := range tests {
		if got := prefixEnd(tt.in); got != tt.want {
			t.Errorf("prefixEnd(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzPrefixEnd checks the bound the follower search relies on: every
// string starting with the prefix sorts below it (except after a prefix's
// last U+10FFFF, which no nickname holds).
func FuzzPrefixEnd(f *testing.F) {
	for _, s := range []string{"a", "小", "o6_bmjr", "\xff", "z\U0010FFFF"} {
		f.Add(s, "tail")
	}
	f.Fuzz(func(t *testing.T, prefix, tail string) {
		if prefix == "" || !utf8.ValidString(prefix) || !utf8.ValidString(tail) {
			return
		}
		end := prefixEnd(prefix)
		if prefix+tail >= end && !strings.HasPrefix(tail, string(utf8.MaxRune)) {
			t.Fatalf("prefixEnd(%q) = %q does not bound %q", prefix, end, prefix+tail)
		}
	})
}
