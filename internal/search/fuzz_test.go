package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds the search box's parser arbitrary input: it must never
// panic, and whatever it accepts must be safe to hand to the indexes.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"退款", `"100% 到账" ok`, "“怎么 用”", "a", "😊", "\x00\xff", `"""`, "「引号」 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			return
		}
		if len(q.Terms) > MaxTerms {
			t.Fatalf("Parse(%q) returned %d terms", s, len(q.Terms))
		}
		indexed := 0
		for _, term := range q.Terms {
			checkTerm(t, s, term)
			if term.Index != IndexNone {
				indexed++
			}
		}
		if len(q.Terms) > 0 && indexed == 0 {
			t.Fatalf("Parse(%q) accepted a query no index can answer: %+v", s, q.Terms)
		}
		render(Snippet(s, q, 10)) // must not panic either
	})
}

func checkTerm(t *testing.T, s string, term Term) {
	t.Helper()
	if term.Text == "" || !utf8.ValidString(term.Text) || strings.TrimSpace(term.Text) != term.Text {
		t.Fatalf("Parse(%q) gave term %q", s, term.Text)
	}
	if term.Index != indexOf(term.Text) {
		t.Fatalf("Parse(%q) gave %q index %d, want %d", s, term.Text, term.Index, indexOf(term.Text))
	}
	if term.Index == IndexGram && !strings.Contains(" "+Grams(term.Text)+" ", " "+term.Text+" ") {
		t.Fatalf("gram term %q is not its own gram (%q)", term.Text, Grams(term.Text))
	}
}

// FuzzParseCursor: page cursors come from URLs.
func FuzzParseCursor(f *testing.F) {
	for _, s := range []string{"", "0.0", "12.-1", "-1.-1", "x", "1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCursor(s)
		if err != nil {
			return
		}
		if c.Messages < done || c.Replies < done {
			t.Fatalf("ParseCursor(%q) = %+v", s, c)
		}
		if s != "" {
			again, err := ParseCursor(c.String())
			if err != nil || again != c {
				t.Fatalf("round trip of %q: %+v, %v", s, again, err)
			}
		}
	})
}
