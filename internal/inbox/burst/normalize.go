package burst

import (
	"slices"
	"strings"
	"unicode"
)

// Fillers say nothing about the question: greetings and politeness before
// it, modal particles and thanks after it. "你好，请问优惠券怎么用啊" asks
// what "优惠券怎么用" asks.
var (
	leadingFillers = []string{"您好", "你好", "hello", "hi", "在吗", "在不在", "请问一下", "请问", "问一下",
		"问下", "想问一下", "想问下", "我想问一下", "我想问", "咨询一下", "麻烦问一下", "麻烦问下"}
	trailingFillers = []string{"啊", "呀", "呢", "吗", "吧", "哦", "嘛", "啦", "哈", "呐", "谢谢", "谢谢了",
		"thanks", "thank you", "thx", "please", "pls"}
)

// Normalize reduces a message to what it asks: full-width characters
// folded to ASCII, lower case, punctuation, emoji and spaces dropped (a
// single space kept between Latin words), fillers trimmed. A message that
// is nothing but fillers ("你好", "在吗") keeps them.
func Normalize(text string) string {
	var b strings.Builder
	space := false
	for _, r := range text {
		r = unicode.ToLower(foldWidth(r))
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			space = b.Len() > 0
			continue
		}
		if space && isLatin(r) && b.Len() > 0 && isLatin(lastRune(b.String())) {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	s := b.String()
	if trimmed := trimFillers(s); trimmed != "" {
		return trimmed
	}
	return s
}

// foldWidth maps full-width ASCII forms (ＯＫ, １２３, ？) and the
// ideographic space to their ordinary forms.
func foldWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

func isLatin(r rune) bool { return r < 0x80 }

func lastRune(s string) rune {
	r := []rune(s)
	return r[len(r)-1]
}

// trimFillers strips fillers from both ends until none is left. A Latin
// filler must be a whole word ("hi", not the start of "high").
func trimFillers(s string) string {
	for changed := true; changed; {
		changed = false
		for _, f := range leadingFillers {
			if rest, ok := strings.CutPrefix(s, f); ok && wordEdge(f, rest, true) {
				s, changed = strings.TrimSpace(rest), true
			}
		}
		for _, f := range trailingFillers {
			if rest, ok := strings.CutSuffix(s, f); ok && wordEdge(f, rest, false) {
				s, changed = strings.TrimSpace(rest), true
			}
		}
	}
	return s
}

// wordEdge reports whether cutting the filler f left rest at a word
// boundary: always for Chinese; for a Latin word, at a space, the end or a
// Chinese character.
func wordEdge(f, rest string, leading bool) bool {
	if !isLatin([]rune(f)[0]) || rest == "" {
		return true
	}
	r := []rune(rest)
	next := r[len(r)-1]
	if leading {
		next = r[0]
	}
	return next == ' ' || !isLatin(next)
}

// Shingles are the features two questions are compared on, sorted and
// unique: character bigrams of Chinese (and other non-Latin) runs, a run
// of one character alone, Latin words whole, and any number as "#" (order
// numbers must not tell two identical questions apart).
func Shingles(norm string) []string {
	var out []string
	var run []rune
	flush := func() {
		out = appendRun(out, run)
		run = run[:0]
	}
	for _, word := range strings.Fields(norm) {
		for _, r := range word {
			if isLatin(r) != (len(run) > 0 && isLatin(run[0])) || unicode.IsDigit(r) != (len(run) > 0 && unicode.IsDigit(run[0])) {
				flush()
			}
			run = append(run, r)
		}
		flush()
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// appendRun adds the shingles of one run of characters of a kind.
func appendRun(out []string, run []rune) []string {
	switch {
	case len(run) == 0:
		return out
	case unicode.IsDigit(run[0]):
		return append(out, "#")
	case isLatin(run[0]) || len(run) == 1:
		return append(out, string(run))
	}
	for i := 0; i+1 < len(run); i++ {
		out = append(out, string(run[i:i+2]))
	}
	return out
}
