package search

import "strings"

// Character classes for the short-term index. Trigrams cannot find a
// substring shorter than three characters, and two-character Chinese words
// (退款, 发货) are everyday queries, so a second index holds every pair of
// adjacent "gram" characters and every CJK character alone. ASCII letters
// and digits pair up too ("ok", "5g"), but alone they are too common to be
// worth indexing. The PostgreSQL function fanbase_grams in migration
// 0004_search.sql applies the same ranges; keep them in step.
const (
	classOther = iota
	classASCII // 0-9, a-z, A-Z
	classCJK   // kana, CJK ideographs, Hangul syllables
)

// class tells which part of the short-term index a character takes part in.
func class(r rune) int {
	switch {
	case r >= '0' && r <= '9', r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return classASCII
	case r >= 0x4E00 && r <= 0x9FFF, // CJK unified ideographs
		r >= 0x3040 && r <= 0x30FF,   // hiragana, katakana
		r >= 0x3400 && r <= 0x4DBF,   // extension A
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul syllables
		r >= 0xF900 && r <= 0xFAFF,   // compatibility ideographs
		r >= 0x20000 && r <= 0x2FFFF: // extensions B–F
		return classCJK
	}
	return classOther
}

// lowerASCII folds A-Z only: the gram characters have no other case.
func lowerASCII(r rune) rune {
	if r >= 'A' && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

// Grams returns the short-term index entries of text, space separated: each
// pair of adjacent gram characters and each CJK character, ASCII folded to
// lower case, in order, repeats included. "我要退款ok" gives
// "我 我要 要 要退 退 退款 款 款o ok".
func Grams(text string) string {
	var b strings.Builder
	var prev rune
	prevClass := classOther
	for _, r := range text {
		c := class(r)
		r = lowerASCII(r)
		if c != classOther && prevClass != classOther {
			sep(&b)
			b.WriteRune(prev)
			b.WriteRune(r)
		}
		if c == classCJK {
			sep(&b)
			b.WriteRune(r)
		}
		prev, prevClass = r, c
	}
	return b.String()
}

func sep(b *strings.Builder) {
	if b.Len() > 0 {
		b.WriteByte(' ')
	}
}

// gramTerm reports whether a term shorter than three characters has an
// entry of its own in the short-term index: two gram characters, or one
// CJK character.
func gramTerm(runes []rune) bool {
	switch len(runes) {
	case 1:
		return class(runes[0]) == classCJK
	case 2:
		return class(runes[0]) != classOther && class(runes[1]) != classOther
	}
	return false
}
