package autoreply

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"go.yaml.in/yaml/v3"
)

// MaxRuleFile is the largest rule file ParseRuleFile reads.
const MaxRuleFile = 16 << 20

// ParseRuleFile reads a rule file written by an operator or by Export.
// format is "yaml", "json" or "" to detect (JSON when the first non-space
// byte is '{' or '['). Both a full document ({"rules": [...]}) and a bare
// list of rules are accepted. Unknown fields are errors, so a misspelt
// "keywrods" is not silently dropped. The result is not validated or given
// ids: Registry.Save does both (or call AssignIDs and Compile).
func ParseRuleFile(data []byte, format string) (rs *RuleSet, err error) {
	if len(data) > MaxRuleFile {
		return nil, errs.Errorf(errs.Invalid, "rule file is larger than %d MiB (规则文件超过 %d MiB)", MaxRuleFile>>20, MaxRuleFile>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if format == "" {
		format = "yaml"
		if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') {
			format = "json"
		}
	}
	switch strings.ToLower(format) {
	case "json":
		return parseJSON(trimmed)
	case "yaml", "yml":
		return parseYAML(data)
	}
	return nil, errs.Errorf(errs.Invalid, "unknown rule file format %q, want yaml or json (未知的规则文件格式 %q，应为 yaml 或 json)", format, format)
}

var errEmptyFile = errs.Errorf(errs.Invalid, "rule file is empty (规则文件为空)")

func parseJSON(data []byte) (*RuleSet, error) {
	if len(data) == 0 {
		return nil, errEmptyFile
	}
	rs := &RuleSet{}
	var target any = rs
	if data[0] == '[' {
		target = &rs.Rules
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(target); err != nil {
		return nil, jsonError(data, dec.InputOffset(), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, jsonError(data, dec.InputOffset(), errors.New("unexpected data after the rules"))
	}
	return rs, nil
}

// jsonError names the line and column of a JSON error and the field when
// the decoder knows it.
func jsonError(data []byte, offset int64, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		offset = syn.Offset - 1 // Offset counts the offending byte
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	line, col := lineCol(data, offset)
	return errs.Errorf(errs.Invalid, "rule file, JSON line %d column %d: %v (规则文件 JSON 格式错误，第 %d 行第 %d 列)",
		line, col, strings.TrimPrefix(err.Error(), "json: "), line, col)
}

func lineCol(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func parseYAML(data []byte) (rs *RuleSet, err error) {
	defer func() { // the YAML library is outside code; a panic must not take the server down
		if p := recover(); p != nil {
			rs, err = nil, yamlError(fmt.Errorf("%v", p))
		}
	}()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, yamlError(err)
	}
	if len(root.Content) == 0 {
		return nil, errEmptyFile
	}
	rs = &RuleSet{}
	var target any = rs
	switch n := root.Content[0]; n.Kind {
	case yaml.SequenceNode:
		target = &rs.Rules
	case yaml.MappingNode:
	default:
		return nil, errs.Errorf(errs.Invalid, "rule file, YAML line %d: want a mapping with rules: or a list of rules (规则文件第 %d 行：应为包含 rules 的映射或规则列表)", n.Line, n.Line)
	}
	return rs, decodeYAML(data, target)
}

// decodeYAML decodes the one document of data into target, refusing
// unknown fields and further documents.
func decodeYAML(data []byte, target any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(target); err != nil {
		return yamlError(err)
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err != io.EOF {
		return errs.Errorf(errs.Invalid, "rule file holds more than one YAML document (规则文件只能包含一个 YAML 文档)")
	}
	return nil
}

func yamlError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	return errs.Errorf(errs.Invalid, "rule file, YAML: %s (规则文件 YAML 格式错误)", msg)
}

// Export writes rs in the format ParseRuleFile reads: "yaml" (or "") or
// "json".
func Export(rs *RuleSet, format string) ([]byte, error) {
	if rs == nil {
		return nil, errs.Errorf(errs.Invalid, "rule set is missing (缺少规则集)")
	}
	var buf bytes.Buffer
	switch strings.ToLower(format) {
	case "", "yaml", "yml":
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(rs); err != nil {
			return nil, fmt.Errorf("export rules as yaml: %w", err)
		}
		if err := enc.Close(); err != nil {
			return nil, fmt.Errorf("export rules as yaml: %w", err)
		}
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rs); err != nil {
			return nil, fmt.Errorf("export rules as json: %w", err)
		}
	default:
		return nil, errs.Errorf(errs.Invalid, "unknown rule file format %q, want yaml or json (未知的规则文件格式 %q，应为 yaml 或 json)", format, format)
	}
	return buf.Bytes(), nil
}
