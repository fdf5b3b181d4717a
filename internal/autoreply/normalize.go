package autoreply

import (
	"unicode"
	"unicode/utf8"
)

// Normalize returns the form in which keywords and message text are compared,
// so that "  ＡＢＣ１　门票 " and "abc1 门票" are the same words to a rule:
// leading and trailing space trimmed, letters lowercased (Unicode),
// full-width ASCII turned half-width, and every inner run of white space
// (including the ideographic space U+3000) collapsed to one ASCII space.
// Invalid UTF-8 bytes become U+FFFD. Normalize is idempotent.
func Normalize(s string) string {
	return string(appendNormalized(nil, s))
}

// appendNormalized appends the normal form of s to dst; the hot path passes
// a stack buffer so that matching a message does not allocate.
func appendNormalized(dst []byte, s string) []byte {
	pendingSpace, started := false, false
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if caseless(r) { // most Chinese text: copy the bytes as they are
			dst = appendPending(dst, pendingSpace)
			pendingSpace, started = false, true
			dst = append(dst, s[i:i+n]...)
			i += n
			continue
		}
		i += n
		r = foldRune(r)
		if isSpace(r) {
			pendingSpace = started
			continue
		}
		dst = appendPending(dst, pendingSpace)
		pendingSpace, started = false, true
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

func appendPending(dst []byte, space bool) []byte {
	if space {
		return append(dst, ' ')
	}
	return dst
}

// caseless reports runes that normalisation leaves alone: CJK punctuation,
// kana, CJK ideographs and Hangul have no case and are not spaces.
func caseless(r rune) bool {
	return (r >= 0x3001 && r <= 0x9FFF) || (r >= 0xAC00 && r <= 0xD7A3)
}

// foldRune maps one rune to its comparison form: full-width ASCII to
// half-width, then lowercase.
func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFF01 - 0x21
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || (r >= '\t' && r <= '\r')
	}
	return unicode.IsSpace(r)
}
