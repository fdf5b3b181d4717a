package autoreply

import (
	"bytes"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestParseRuleFileForms(t *testing.T) {
	tests := []struct {
		name, format, data string
	}{
		{"yaml document", "yaml", "rules:\n  - {id: 1, trigger: keyword, keywords: [{text: 门票}], replies: [{type: text, content: 票价}]}\n"},
		{"yaml list", "", "- id: 1\n  trigger: keyword\n  keywords: [{text: 门票}]\n  replies: [{type: text, content: 票价}]\n"},
		{"json document", "json", `{"rules":[{"id":1,"trigger":"keyword","keywords":[{"text":"门票"}],"replies":[{"type":"text","content":"票价"}]}]}`},
		{"json list detected", "", "\ufeff\n  [{\"id\":1,\"trigger\":\"keyword\",\"keywords\":[{\"text\":\"门票\"}],\"replies\":[{\"type\":\"text\",\"content\":\"票价\"}]}]"},
		{"yml alias", "YML", "rules:\n- id: 1\n  trigger: keyword\n  keywords: [{text: 门票}]\n  replies: [{type: text, content: 票价}]\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rs, err := ParseRuleFile([]byte(tt.data), tt.format)
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if len(rs.Rules) != 1 || rs.Rules[0].Keywords[0].Text != "门票" || rs.Rules[0].Replies[0].Content != "票价" {
				t.Fatalf("parsed %+v", rs)
			}
		})
	}
}

func TestParseRuleFileErrors(t *testing.T) {
	tests := []struct {
		name, format, data string
		want               []string
	}{
		{"yaml unknown field", "yaml", "rules:\n  - id: 1\n    keywrods: []\n", []string{"line 3", "keywrods", "YAML 格式错误"}},
		{"yaml unknown top field", "yaml", "rulez: []\n", []string{"rulez"}},
		{"yaml wrong type", "yaml", "rules:\n  - id: one\n", []string{"line 2", "one"}},
		{"yaml scalar", "yaml", "hello\n", []string{"line 1", "a list of rules"}},
		{"yaml two documents", "yaml", "rules: []\n---\nrules: []\n", []string{"more than one YAML document"}},
		{"yaml syntax", "yaml", "rules: [\n", []string{"YAML"}},
		{"json unknown field", "json", "{\"rules\": [\n {\"id\": 1, \"keywrods\": []}]}", []string{"line 2", "keywrods", "JSON 格式错误"}},
		{"json wrong type", "", "{\"rules\": [\n {\"id\": \"one\"}]}", []string{"line 2", "rules.id"}},
		{"json syntax", "json", "{\"rules\": [}", []string{"line 1 column 12", "invalid character"}},
		{"json trailing", "json", "{\"rules\": []} []", []string{"unexpected data after the rules"}},
		{"empty", "", " \n ", []string{"rule file is empty (规则文件为空)"}},
		{"empty json", "json", "", []string{"rule file is empty"}},
		{"unknown format", "toml", "x", []string{`unknown rule file format "toml"`}},
		{"too large", "yaml", strings.Repeat(" ", MaxRuleFile+1), []string{"larger than 16 MiB"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseRuleFile([]byte(tt.data), tt.format)
			if err == nil {
				t.Fatal("parsed")
			}
			if errs.CodeOf(err) != errs.Invalid {
				t.Errorf("code %q, want invalid", errs.CodeOf(err))
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func exampleSet(t *testing.T) *RuleSet {
	t.Helper()
	data, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rs, err := ParseRuleFile(data, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	rs.Version = 3
	rs.CreatedAt = time.Date(2025, 1, 15, 2, 0, 0, 0, time.UTC)
	return rs
}

func TestExportRoundTrip(t *testing.T) {
	rs := exampleSet(t)
	for _, format := range []string{"yaml", "json"} {
		t.Run(format, func(t *testing.T) {
			out, err := Export(rs, format)
			if err != nil {
				t.Fatalf("export: %v", err)
			}
			back, err := ParseRuleFile(out, "")
			if err != nil {
				t.Fatalf("parse export: %v\n%s", err, out)
			}
			if !reflect.DeepEqual(back, rs) {
				t.Fatalf("round trip changed the set:\n got %+v\nwant %+v", back, rs)
			}
		})
	}
	if _, err := Export(rs, "xml"); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("export as xml: %v", err)
	}
}

// TestExportGolden pins the JSON export format, part of our API.
func TestExportGolden(t *testing.T) {
	out, err := Export(exampleSet(t), "json")
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/example.golden.json"
	if *update {
		if err := os.WriteFile(golden, out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(out, want) {
		t.Fatalf("export differs from %s (run go test -update if intended):\n%s", golden, out)
	}
}
