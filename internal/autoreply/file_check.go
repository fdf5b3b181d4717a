package autoreply

import (
	"errors"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// FileProblem is one thing wrong with a rule file being edited, with the
// line it is on (0 when the problem has no single line), English (Chinese).
type FileProblem struct {
	Line    int
	Message string
}

// CheckRuleYAML parses a YAML rule file and validates it as Save would, so
// an editor can show every problem by line before anything is stored. It
// returns the parsed set (ids not assigned) when there is no problem.
func CheckRuleYAML(data []byte) (*RuleSet, []FileProblem) {
	rs, err := ParseRuleFile(data, "yaml")
	if err != nil {
		return nil, parseProblems(err)
	}
	trial := &RuleSet{Rules: cloneRules(rs.Rules)}
	AssignIDs(trial, 0)
	_, err = Compile(trial)
	var ve *ValidationError
	if errors.As(err, &ve) {
		return nil, ruleProblems(ve, RuleLines(data))
	}
	if err != nil {
		return nil, []FileProblem{{Message: err.Error()}}
	}
	return rs, nil
}

var (
	yamlLine     = regexp.MustCompile(`line (\d+): ?(.*)`)
	unknownField = regexp.MustCompile(`^field (\S+) not found in type \S+$`)
)

// parseProblems splits a parse error into its lines ("line 7: field …"),
// each said in both languages.
func parseProblems(err error) []FileProblem {
	var out []FileProblem
	for _, part := range strings.Split(err.Error(), "\n") {
		m := yamlLine.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[1])
		msg := strings.TrimSuffix(strings.TrimSpace(m[2]), " (规则文件 YAML 格式错误)")
		if f := unknownField.FindStringSubmatch(msg); f != nil {
			msg = "unknown field " + f[1] + " (未知字段 " + f[1] + "，请检查拼写)"
		} else {
			msg += " (YAML 格式错误)"
		}
		out = append(out, FileProblem{Line: n, Message: msg})
	}
	if len(out) == 0 {
		return []FileProblem{{Message: err.Error()}}
	}
	return out
}

// ruleProblems puts each validation problem on the line its rule starts.
func ruleProblems(ve *ValidationError, lines []int) []FileProblem {
	out := make([]FileProblem, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = FileProblem{Message: p.String()}
		if p.Index >= 1 && p.Index <= len(lines) {
			out[i].Line = lines[p.Index-1]
		}
	}
	return out
}

// RuleLines returns the line each rule of a YAML rule file starts on, in
// order; nil when the file is not YAML with rules.
func RuleLines(data []byte) []int {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || len(root.Content) == 0 {
		return nil
	}
	seq := root.Content[0]
	if seq.Kind == yaml.MappingNode {
		seq = mappingValue(seq, "rules")
	}
	if seq == nil || seq.Kind != yaml.SequenceNode {
		return nil
	}
	lines := make([]int, len(seq.Content))
	for i, item := range seq.Content {
		lines[i] = item.Line
	}
	return lines
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
