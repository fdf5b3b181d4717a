package autoreply

import (
	"fmt"
	"strings"
)

// LineOp says what happened to one line in a line diff.
type LineOp string

// Line diff operations, as a unified diff prints them.
const (
	LineSame    LineOp = " "
	LineAdded   LineOp = "+"
	LineRemoved LineOp = "-"
)

// DiffLine is one line of a line diff with its numbers on each side
// (1-based; 0 where the line is absent).
type DiffLine struct {
	Op      LineOp
	Text    string
	OldLine int
	NewLine int
}

// maxEditDistance bounds the work of DiffLines; texts further apart are
// shown as the old lines removed and the new ones added.
const maxEditDistance = 2000

// DiffLines is a shortest line diff of a and b (Myers' algorithm), for
// showing how two exported rule files differ.
func DiffLines(a, b string) []DiffLine {
	x, y := splitLines(a), splitLines(b)
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	d := &lineDiff{a: x, b: y}
	d.same(0, 0, pre)
	d.middle(pre, len(x)-suf, pre, len(y)-suf)
	d.same(len(x)-suf, len(y)-suf, suf)
	return d.out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

type lineDiff struct {
	a, b []string
	out  []DiffLine
}

func (d *lineDiff) same(i, j, n int) {
	for k := range n {
		d.out = append(d.out, DiffLine{Op: LineSame, Text: d.a[i+k], OldLine: i + k + 1, NewLine: j + k + 1})
	}
}

func (d *lineDiff) removed(i int) {
	d.out = append(d.out, DiffLine{Op: LineRemoved, Text: d.a[i], OldLine: i + 1})
}

func (d *lineDiff) added(j int) {
	d.out = append(d.out, DiffLine{Op: LineAdded, Text: d.b[j], NewLine: j + 1})
}

// middle diffs a[a0:a1] against b[b0:b1].
func (d *lineDiff) middle(a0, a1, b0, b1 int) {
	ops, ok := myers(d.a[a0:a1], d.b[b0:b1])
	if !ok {
		for i := a0; i < a1; i++ {
			d.removed(i)
		}
		for j := b0; j < b1; j++ {
			d.added(j)
		}
		return
	}
	i, j := a0, b0
	for _, op := range ops {
		switch op {
		case LineSame:
			d.same(i, j, 1)
			i, j = i+1, j+1
		case LineRemoved:
			d.removed(i)
			i++
		case LineAdded:
			d.added(j)
			j++
		}
	}
}

// myers returns the edit script from a to b, or false when it would take
// more than maxEditDistance edits. trace[d] keeps the furthest x of each
// diagonal k (-d..d) after d edits, for walking back.
func myers(a, b []string) ([]LineOp, bool) {
	n, m := len(a), len(b)
	if n+m == 0 {
		return nil, true
	}
	off := n + m + 1
	v := make([]int, 2*off+1)
	var trace [][]int
	for d := 0; d <= min(n+m, maxEditDistance); d++ {
		for k := -d; k <= d; k += 2 {
			x := v[off+k-1] + 1
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if x >= n && y >= m {
				return backtrack(trace, n, m, d), true
			}
		}
		trace = append(trace, append([]int(nil), v[off-d:off+d+1]...))
	}
	return nil, false
}

// backtrack walks the trace from (n, m) back to (0, 0).
func backtrack(trace [][]int, n, m, dist int) []LineOp {
	ops := make([]LineOp, 0, n+m)
	x, y := n, m
	for d := dist; d > 0; d-- {
		prev := trace[d-1]
		at := func(k int) int { return prev[k+d-1] }
		k := x - y
		pk := k - 1
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			ops = append(ops, LineSame)
			x, y = x-1, y-1
		}
		if x == px {
			ops = append(ops, LineAdded)
			y--
		} else {
			ops = append(ops, LineRemoved)
			x--
		}
	}
	for ; x > 0; x-- {
		ops = append(ops, LineSame)
	}
	for i, j := 0, len(ops)-1; i < j; i, j = i+1, j-1 {
		ops[i], ops[j] = ops[j], ops[i]
	}
	return ops
}

// Hunk is a run of changed lines with some unchanged lines around them.
type Hunk struct {
	OldStart, OldLines int
	NewStart, NewLines int
	Lines              []DiffLine
}

// Hunks groups a line diff into hunks, keeping context unchanged lines
// around each change; unchanged stretches longer than that are left out.
func Hunks(lines []DiffLine, context int) []Hunk {
	var out []Hunk
	for i := 0; i < len(lines); {
		if lines[i].Op == LineSame {
			i++
			continue
		}
		start := max(0, i-context)
		end := i
		for j := i; j < len(lines) && j <= end+2*context; j++ {
			if lines[j].Op != LineSame {
				end = j
			}
		}
		stop := min(len(lines), end+context+1)
		out = append(out, newHunk(lines[start:stop]))
		i = stop
	}
	return out
}

func newHunk(lines []DiffLine) Hunk {
	h := Hunk{Lines: lines}
	for _, l := range lines {
		if l.Op != LineAdded {
			h.OldLines++
			if h.OldStart == 0 {
				h.OldStart = l.OldLine
			}
		}
		if l.Op != LineRemoved {
			h.NewLines++
			if h.NewStart == 0 {
				h.NewStart = l.NewLine
			}
		}
	}
	return h
}

// Unified renders hunks as a unified diff body ("@@ -1,3 +1,4 @@" headers).
func Unified(hunks []Hunk) string {
	var b strings.Builder
	for _, h := range hunks {
		fmt.Fprintf(&b, "@@ -%d,%d +%d,%d @@\n", h.OldStart, h.OldLines, h.NewStart, h.NewLines)
		for _, l := range h.Lines {
			b.WriteString(string(l.Op))
			b.WriteString(l.Text)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
