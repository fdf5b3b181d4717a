package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want []Term
	}{
		{"", nil},
		{"   ", nil},
		{"优惠券", []Term{{"优惠券", IndexTrigram}}},
		{"退款", []Term{{"退款", IndexGram}}},
		{"好", []Term{{"好", IndexGram}}},
		{"OK", []Term{{"ok", IndexGram}}},
		{"5G", []Term{{"5g", IndexGram}}},
		{"a好", []Term{{"a好", IndexGram}}},
		{"退款 发货", []Term{{"退款", IndexGram}, {"发货", IndexGram}}},
		{"退款\u3000发货", []Term{{"退款", IndexGram}, {"发货", IndexGram}}},
		{"退款 退款 退款", []Term{{"退款", IndexGram}}},
		{`"100% 到账" 退款`, []Term{{"100% 到账", IndexTrigram}, {"退款", IndexGram}}},
		{"“怎么 用”", []Term{{"怎么 用", IndexTrigram}}},
		{`"unclosed phrase`, []Term{{"unclosed phrase", IndexTrigram}}},
		{"Refund please", []Term{{"refund", IndexTrigram}, {"please", IndexTrigram}}},
		{"发货 😊", []Term{{"发货", IndexGram}, {"😊", IndexNone}}},
		{"退款 a ?", []Term{{"退款", IndexGram}, {"a", IndexNone}, {"?", IndexNone}}},
		{"tab\tand\nnewline", []Term{{"tab", IndexTrigram}, {"and", IndexTrigram}, {"newline", IndexTrigram}}},
	}
	for _, tc := range tests {
		q, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if !slices.Equal(q.Terms, tc.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, q.Terms, tc.want)
		}
	}
}

func TestParseRefuses(t *testing.T) {
	for _, in := range []string{"a", "?", "😊", "a ?", "é", strings.Repeat("退", MaxQueryRunes+1),
		"a1 b2 c3 d4 e5 f6 g7 h8 i9"} {
		if _, err := Parse(in); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("Parse(%q) error = %v, want Invalid", in, err)
		}
	}
}

func TestQueryString(t *testing.T) {
	q, err := Parse(`退款 "100% 到账"`)
	if err != nil {
		t.Fatal(err)
	}
	again, err := Parse(q.String())
	if err != nil || !slices.Equal(again.Terms, q.Terms) {
		t.Errorf("Parse(%q) = %+v, %v; want %+v", q.String(), again.Terms, err, q.Terms)
	}
}

func TestGrams(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"我要退款OK吗？ 5G好😊", "我 我要 要 要退 退 退款 款 款o ok k吗 吗 5g g好 好"},
		{"a", ""},
		{"ab", "ab"},
		{"a b", ""},
		{"ＯＫ", ""}, // full-width letters are not gram characters
		{"こんにちは", "こ こん ん んに に にち ち ちは は"},
		{"𠀀𠀁", "𠀀 𠀀𠀁 𠀁"},
	}
	for _, tc := range tests {
		if got := Grams(tc.in); got != tc.want {
			t.Errorf("Grams(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestGramTermsAreIndexed checks the promise the short-term index makes: a
// term Parse sends to it is an entry of Grams of any text containing it.
func TestGramTermsAreIndexed(t *testing.T) {
	texts := []string{"我要退款", "OK thanks", "5g好不好", "退", "a好"}
	for _, text := range texts {
		entries := strings.Fields(Grams(text))
		for _, w := range substrings(strings.ToLower(text)) {
			if indexOf(w) == IndexGram && !slices.Contains(entries, w) {
				t.Errorf("%q contains %q but its grams %q do not", text, w, entries)
			}
		}
	}
}

func substrings(s string) []string {
	r := []rune(s)
	var out []string
	for i := range r {
		for j := i + 1; j <= len(r) && j-i <= 2; j++ {
			out = append(out, string(r[i:j]))
		}
	}
	return out
}

func TestCursor(t *testing.T) {
	for _, c := range []Cursor{{}, {Messages: 12, Replies: -1}, {Messages: -1, Replies: 99}} {
		got, err := ParseCursor(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCursor(%q) = %+v, %v; want %+v", c.String(), got, err, c)
		}
	}
	for _, bad := range []string{"x", "1", "1.", ".1", "-2.0", "1.2.3", "9999999999999999999.1"} {
		if _, err := ParseCursor(bad); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("ParseCursor(%q) error = %v, want Invalid", bad, err)
		}
	}
}
