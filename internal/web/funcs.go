package web

import (
	"encoding/json"
	"html/template"
	"unicode/utf8"
)

// funcMap is every template function. Features add theirs by listing a
// func() template.FuncMap in featureFuncs (one line each), defined in their
// own funcs_<feature>.go.
func funcMap() template.FuncMap {
	m := template.FuncMap{
		"json":  toJSON,
		"add":   func(a, b int) int { return a + b },
		"sub":   func(a, b int) int { return a - b },
		"pct":   percent,
		"short": shorten,
		"dict":  dict,
	}
	for _, f := range featureFuncs {
		for k, v := range f() {
			m[k] = v
		}
	}
	return m
}

// featureFuncs lists the template functions of features.
var featureFuncs = []func() template.FuncMap{dashboardFuncs}

// toJSON renders v as JSON for data-* attributes (html/template escapes it
// for the attribute).
func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// percent is part/whole in whole percent, 0 when whole is 0.
func percent(part, whole int64) int64 {
	if whole == 0 {
		return 0
	}
	return part * 100 / whole
}

// shorten cuts s to n runes with an ellipsis.
func shorten(n int, s string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// dict builds a map from key, value pairs, to pass several values to a
// nested template.
func dict(kv ...any) map[string]any {
	m := make(map[string]any, len(kv)/2)
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}
