package autoreply

import (
	"reflect"
	"strings"
	"testing"
)

func TestCheckRuleYAML(t *testing.T) {
	good := "note: ok\nrules:\n  - name: a\n    trigger: keyword\n    keywords: [{text: hi}]\n    replies: [{type: text, content: hello}]\n"
	tests := []struct {
		name  string
		yaml  string
		lines []int    // the problems' lines
		want  []string // each problem's message contains
	}{
		{"valid", good, nil, nil},
		{"syntax", "rules:\n  - name: a\n    trigger: \"x\n", []int{3}, []string{"unexpected end of stream"}},
		{"unknown fields", "rules:\n  - name: a\n    keywrods: []\n    replys: []\n", []int{3, 4}, []string{"unknown field keywrods (未知字段 keywrods", "unknown field replys"}},
		{"invalid rules on their lines", "rules:\n  - name: a\n    trigger: keyword\n    replies: [{type: text, content: x}]\n" +
			"  - name: b\n    trigger: default\n    replies: [{type: text, content: \"\"}]\n",
			[]int{2, 5}, []string{"no keywords", "text is empty"}},
		{"bare list", "- name: a\n  trigger: shake\n  replies: [{type: text, content: x}]\n", []int{1}, []string{"unknown trigger"}},
		{"empty", "\n", []int{0}, []string{"empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, probs := CheckRuleYAML([]byte(tt.yaml))
			if tt.want == nil {
				if len(probs) != 0 || rs == nil || rs.Rules[0].ID != 0 {
					t.Fatalf("valid file: %+v, %v", probs, rs)
				}
				return
			}
			if rs != nil {
				t.Errorf("a file with problems returned a rule set")
			}
			var lines []int
			for i, p := range probs {
				lines = append(lines, p.Line)
				if i < len(tt.want) && !strings.Contains(p.Message, tt.want[i]) {
					t.Errorf("problem %d %q lacks %q", i, p.Message, tt.want[i])
				}
				if !hasChinese(p.Message) {
					t.Errorf("problem %q has no Chinese", p.Message)
				}
			}
			if !reflect.DeepEqual(lines, tt.lines) {
				t.Errorf("lines = %v, want %v (%+v)", lines, tt.lines, probs)
			}
		})
	}
}

func TestRuleLines(t *testing.T) {
	if got := RuleLines([]byte("note: x\nrules:\n  - id: 1\n    name: a\n  - id: 2\n")); !reflect.DeepEqual(got, []int{3, 5}) {
		t.Errorf("RuleLines = %v", got)
	}
	if got := RuleLines([]byte("note: x\n")); got != nil {
		t.Errorf("RuleLines without rules = %v", got)
	}
}

// FuzzCheckRuleYAML feeds the editor's checker arbitrary text: it must never
// panic, and it returns either a set or problems, each problem in both
// languages and on a line inside the file.
func FuzzCheckRuleYAML(f *testing.F) {
	f.Add("rules:\n  - name: a\n    trigger: keyword\n    keywords: [{text: hi}]\n    replies: [{type: text, content: x}]\n")
	f.Add("rules:\n  - name: a\n    keywrods: []\n")
	f.Add("- trigger: default\n  replies: []\n")
	f.Add("rules: [")
	f.Fuzz(func(t *testing.T, text string) {
		rs, probs := CheckRuleYAML([]byte(text))
		if (rs == nil) == (len(probs) == 0) {
			t.Fatalf("set %v with %d problems", rs != nil, len(probs))
		}
		lines := strings.Count(text, "\n") + strings.Count(text, "\r") + 2 // YAML counts a lone CR as a line break
		for _, p := range probs {
			if p.Line < 0 || p.Line > lines || p.Message == "" {
				t.Fatalf("problem %+v outside a %d-line file", p, lines)
			}
		}
	})
}
