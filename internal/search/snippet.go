package search

import (
	"slices"
	"unicode"
)

// SnippetRunes is how many characters of a long text a snippet shows.
const SnippetRunes = 80

// Fragment is a piece of a snippet; Hit marks the pieces that match a term,
// for the page to highlight.
type Fragment struct {
	Text string
	Hit  bool
}

// Snippet cuts text down to about width characters around the first match
// of the query's terms and marks every match in it. Line breaks become
// spaces; "…" marks text left out.
func Snippet(text string, q Query, width int) []Fragment {
	if width <= 0 {
		width = SnippetRunes
	}
	runes := []rune(text)
	for i, r := range runes {
		if r == '\n' || r == '\r' || r == '\t' {
			runes[i] = ' '
		}
	}
	hits := matches(runes, q)
	start, end := window(len(runes), hits, width)
	var out []Fragment
	if start > 0 {
		out = append(out, Fragment{Text: "…"})
	}
	out = appendFragments(out, runes, hits, start, end)
	if end < len(runes) {
		out = append(out, Fragment{Text: "…"})
	}
	return out
}

// span is a half-open range of rune positions.
type span struct{ from, to int }

// matches finds every occurrence of every term, case-insensitively, merged
// into ordered, non-overlapping spans.
func matches(runes []rune, q Query) []span {
	lower := make([]rune, len(runes))
	for i, r := range runes {
		lower[i] = unicode.ToLower(r)
	}
	var spans []span
	for _, t := range q.Terms {
		term := []rune(t.Text)
		for i := range term {
			term[i] = unicode.ToLower(term[i])
		}
		for i := 0; len(term) > 0 && i+len(term) <= len(lower); i++ {
			if slices.Equal(lower[i:i+len(term)], term) {
				spans = append(spans, span{i, i + len(term)})
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return a.from - b.from })
	var merged []span
	for _, s := range spans {
		if n := len(merged); n > 0 && s.from <= merged[n-1].to {
			merged[n-1].to = max(merged[n-1].to, s.to)
			continue
		}
		merged = append(merged, s)
	}
	return merged
}

// window picks the range of at most width runes to show: from a little
// before the first hit, or the start.
func window(n int, hits []span, width int) (start, end int) {
	if n <= width {
		return 0, n
	}
	if len(hits) > 0 {
		start = max(0, hits[0].from-width/4)
	}
	end = min(n, start+width)
	start = max(0, end-width)
	return start, end
}

// appendFragments splits runes[start:end] at the hit boundaries.
func appendFragments(out []Fragment, runes []rune, hits []span, start, end int) []Fragment {
	pos := start
	for _, h := range hits {
		from, to := max(h.from, start), min(h.to, end)
		if from >= to {
			continue
		}
		if from > pos {
			out = append(out, Fragment{Text: string(runes[pos:from])})
		}
		out = append(out, Fragment{Text: string(runes[from:to]), Hit: true})
		pos = to
	}
	if pos < end {
		out = append(out, Fragment{Text: string(runes[pos:end])})
	}
	return out
}
