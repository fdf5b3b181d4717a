package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/fanbase/fanbase/internal/errs"
)

// Limits on what a query may ask, so that outside input cannot make the
// database work without bound.
const (
	MaxQueryRunes = 200 // the whole query text
	MaxTerms      = 8
	trigramRunes  = 3 // trigram indexes find substrings of at least this many characters
)

// Index says which index can find a term.
type Index int

// The indexes a term can be looked up in.
const (
	// IndexTrigram: three characters or more, any script (FTS5 trigram,
	// pg_trgm).
	IndexTrigram Index = iota + 1
	// IndexGram: two adjacent letters, digits or CJK characters, or one CJK
	// character (the short-term index, see Grams).
	IndexGram
	// IndexNone: too short for any index ("a", "？", "😊"); such a term only
	// narrows the matches of the others.
	IndexNone
)

// Term is one word of a query: every term must occur in a hit, as a
// substring, ignoring case.
type Term struct {
	Text  string // lower case
	Index Index
}

// Query is a parsed search. The zero Query matches nothing.
type Query struct {
	Terms []Term
}

// Empty reports whether the query has no terms.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// String is the query as a user would type it again.
func (q Query) String() string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		parts[i] = t.Text
		if strings.ContainsFunc(t.Text, unicode.IsSpace) {
			parts[i] = `"` + t.Text + `"`
		}
	}
	return strings.Join(parts, " ")
}

// Indexed returns the text of the terms that index idx finds.
func (q Query) Indexed(idx Index) []string {
	var out []string
	for _, t := range q.Terms {
		if t.Index == idx {
			out = append(out, t.Text)
		}
	}
	return out
}

// Parse reads what a user typed into the search box: words separated by
// spaces (ASCII or ideographic), or "quoted phrases" (ASCII or Chinese
// quotes) that keep their spaces. Words are lower-cased and deduplicated.
// A query whose every term is too short for an index is errs.Invalid; an
// empty one is the empty Query.
func Parse(s string) (Query, error) {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "")
	}
	if utf8.RuneCountInString(s) > MaxQueryRunes {
		return Query{}, errs.Errorf(errs.Invalid, "the search is longer than %d characters (搜索内容不能超过 %d 个字)", MaxQueryRunes, MaxQueryRunes)
	}
	var q Query
	seen := map[string]bool{}
	for _, w := range splitQuery(s) {
		w = strings.ToLower(w)
		if seen[w] {
			continue
		}
		seen[w] = true
		if len(q.Terms) == MaxTerms {
			return Query{}, errs.Errorf(errs.Invalid, "use at most %d words (最多搜索 %d 个词)", MaxTerms, MaxTerms)
		}
		q.Terms = append(q.Terms, Term{Text: w, Index: indexOf(w)})
	}
	if !q.Empty() && len(q.Indexed(IndexTrigram))+len(q.Indexed(IndexGram)) == 0 {
		return Query{}, errs.Errorf(errs.Invalid,
			"the search is too short: use two letters or digits, one Chinese character, or three characters of anything (搜索词太短：至少输入一个汉字、两个字母或数字，或任意三个字符)")
	}
	return q, nil
}

func indexOf(w string) Index {
	runes := []rune(w)
	switch {
	case len(runes) >= trigramRunes:
		return IndexTrigram
	case gramTerm(runes):
		return IndexGram
	}
	return IndexNone
}

// closingQuote pairs each opening quote with its closing one.
var closingQuote = map[rune]rune{'"': '"', '“': '”', '「': '」'}

// splitQuery cuts s into words and quoted phrases, trimming each.
func splitQuery(s string) []string {
	var words []string
	var cur strings.Builder
	var closing rune // the quote that ends the phrase being read; 0 outside one
	flush := func() {
		if w := strings.TrimSpace(cur.String()); w != "" {
			words = append(words, w)
		}
		cur.Reset()
	}
	for _, r := range s {
		switch {
		case closing != 0 && r == closing:
			flush()
			closing = 0
		case closing == 0 && closingQuote[r] != 0:
			flush()
			closing = closingQuote[r]
		case closing == 0 && unicode.IsSpace(r):
			flush()
		case unicode.IsControl(r):
			// dropped: never part of stored text worth finding
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return words
}
