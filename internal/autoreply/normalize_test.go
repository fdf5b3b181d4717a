package autoreply

import "testing"

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"   ", ""},
		{"Hello", "hello"},
		{"  门票  价格 ", "门票 价格"},
		{"ＡＢＣ１", "abc1"},
		{"ｈｅｌｌｏ，ＷＯＲＬＤ！", "hello,world!"},
		{"a\t\n\r b", "a b"},
		{"门票\u3000价格", "门票 价格"},
		{"\u3000\u3000门票\u3000", "门票"},
		{"ÄÖÜ ΣΑΣ", "äöü σασ"},
		{"Opening   HOURS", "opening hours"},
		{"a\u00a0b", "a b"},
		{"\xffab", "\ufffdab"},
		{"票价：¥230", "票价:¥230"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := Normalize(Normalize(tt.in)); again != Normalize(tt.in) {
			t.Errorf("Normalize not idempotent on %q: %q", tt.in, again)
		}
	}
}

// TestCaselessRanges proves the fast path changes nothing the slow path
// would have changed.
func TestCaselessRanges(t *testing.T) {
	for r := rune(0); r <= 0x10FFFF; r++ {
		if caseless(r) && (foldRune(r) != r || isSpace(r)) {
			t.Fatalf("caseless(%U) but it folds to %U or is a space", r, foldRune(r))
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"ＡＢＣ１", " a  b ", "门票\u3000价格", "\xff\xfe", "İK"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if Normalize(n) != n {
			t.Fatalf("not idempotent: %q → %q → %q", s, n, Normalize(n))
		}
		if len(n) > 0 && (n[0] == ' ' || n[len(n)-1] == ' ') {
			t.Fatalf("not trimmed: %q", n)
		}
	})
}
