package autoreply

import (
	"strings"
	"testing"
)

// script renders a line diff compactly: "=a -b +c".
func script(lines []DiffLine) string {
	var parts []string
	for _, l := range lines {
		op := string(l.Op)
		if l.Op == LineSame {
			op = "="
		}
		parts = append(parts, op+l.Text)
	}
	return strings.Join(parts, " ")
}

func TestDiffLines(t *testing.T) {
	tests := []struct {
		name, a, b, want string
	}{
		{"both empty", "", "", ""},
		{"same", "a\nb\n", "a\nb\n", "=a =b"},
		{"all new", "", "a\nb", "+a +b"},
		{"all gone", "a\nb\n", "", "-a -b"},
		{"one changed", "a\nb\nc\n", "a\nx\nc\n", "=a -b +x =c"},
		{"insert in the middle", "a\nc", "a\nb\nc", "=a +b =c"},
		{"delete at the end", "a\nb\nc", "a\nb", "=a =b -c"},
		{"move", "a\nb\nc", "b\nc\na", "-a =b =c +a"},
		{"classic", "a\nb\nc\na\nb\nb\na", "c\nb\na\nb\na\nc", ""}, // checked by length only
		{"中文", "欢迎\n价格\n", "欢迎\n票价\n", "=欢迎 -价格 +票价"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiffLines(tt.a, tt.b)
			checkDiff(t, tt.a, tt.b, got)
			if tt.name == "classic" {
				if edits := countEdits(got); edits != 5 {
					t.Errorf("classic example takes %d edits, want the shortest, 5", edits)
				}
				return
			}
			if s := script(got); s != tt.want {
				t.Errorf("DiffLines = %q, want %q", s, tt.want)
			}
		})
	}
}

func countEdits(lines []DiffLine) int {
	n := 0
	for _, l := range lines {
		if l.Op != LineSame {
			n++
		}
	}
	return n
}

// checkDiff asserts that the diff rebuilds both texts and numbers every line.
func checkDiff(t *testing.T, a, b string, lines []DiffLine) {
	t.Helper()
	var old, new []string
	for _, l := range lines {
		if l.Op != LineAdded {
			old = append(old, l.Text)
			if l.OldLine != len(old) {
				t.Fatalf("old line %q numbered %d, want %d", l.Text, l.OldLine, len(old))
			}
		}
		if l.Op != LineRemoved {
			new = append(new, l.Text)
			if l.NewLine != len(new) {
				t.Fatalf("new line %q numbered %d, want %d", l.Text, l.NewLine, len(new))
			}
		}
	}
	if got, want := strings.Join(old, "\n"), strings.Join(splitLines(a), "\n"); got != want {
		t.Fatalf("old side rebuilt as %q, want %q", got, want)
	}
	if got, want := strings.Join(new, "\n"), strings.Join(splitLines(b), "\n"); got != want {
		t.Fatalf("new side rebuilt as %q, want %q", got, want)
	}
}

func TestDiffLinesTooFarApart(t *testing.T) {
	var a, b strings.Builder
	for i := range maxEditDistance + 10 {
		a.WriteString("a" + strings.Repeat("x", i%7) + "\n")
		b.WriteString("b" + strings.Repeat("y", i%5) + "\n")
	}
	got := DiffLines(a.String(), b.String())
	checkDiff(t, a.String(), b.String(), got)
	if got[0].Op != LineRemoved || got[len(got)-1].Op != LineAdded {
		t.Error("texts too far apart are not shown as removed then added")
	}
}

func TestHunks(t *testing.T) {
	var a, b []string
	for i := range 30 {
		line := string(rune('A' + i%26))
		a = append(a, line)
		switch i {
		case 2:
			b = append(b, "changed")
		case 20:
		default:
			b = append(b, line)
		}
	}
	lines := DiffLines(strings.Join(a, "\n"), strings.Join(b, "\n"))
	hunks := Hunks(lines, 3)
	if len(hunks) != 2 {
		t.Fatalf("%d hunks, want 2:\n%s", len(hunks), Unified(hunks))
	}
	h := hunks[0]
	if h.OldStart != 1 || h.OldLines != 6 || h.NewStart != 1 || h.NewLines != 6 {
		t.Errorf("first hunk %+v", h)
	}
	if h := hunks[1]; h.OldStart != 18 || h.OldLines != 7 || h.NewLines != 6 {
		t.Errorf("second hunk %+v", h)
	}
	text := Unified(hunks)
	if !strings.HasPrefix(text, "@@ -1,6 +1,6 @@\n A\n B\n-C\n+changed\n") || !strings.Contains(text, "@@ -18,7 +18,6 @@") {
		t.Errorf("unified:\n%s", text)
	}
	if joined := Hunks(lines, 10); len(joined) != 1 {
		t.Errorf("with 10 lines of context the changes share one hunk, got %d", len(joined))
	}
	if none := Hunks(DiffLines("a", "a"), 3); len(none) != 0 {
		t.Errorf("no change gives %d hunks", len(none))
	}
}

func FuzzDiffLines(f *testing.F) {
	f.Add("a\nb\nc", "a\nc\nd")
	f.Add("", "x")
	f.Add("rules:\n  - id: 1\n", "rules:\n  - id: 2\n  - id: 1\n")
	f.Fuzz(func(t *testing.T, a, b string) {
		if len(a) > 4096 || len(b) > 4096 {
			return
		}
		lines := DiffLines(a, b)
		checkDiff(t, a, b, lines)
		for _, h := range Hunks(lines, 2) {
			if len(h.Lines) == 0 {
				t.Fatal("empty hunk")
			}
		}
	})
}
