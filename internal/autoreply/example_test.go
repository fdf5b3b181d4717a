package autoreply

import (
	"os"
	"testing"
)

// loadExample compiles testdata/example.yaml, the file the README links.
func loadExample(tb testing.TB) *Engine {
	tb.Helper()
	data, err := os.ReadFile("testdata/example.yaml")
	if err != nil {
		tb.Fatal(err)
	}
	rs, err := ParseRuleFile(data, "")
	if err != nil {
		tb.Fatalf("parse example: %v", err)
	}
	rs.Version = 7
	e, err := Compile(rs)
	if err != nil {
		tb.Fatalf("compile example: %v", err)
	}
	return e
}

func TestExampleCompiles(t *testing.T) {
	e := loadExample(t)
	if got := len(e.Rules()); got != 15 {
		t.Fatalf("example has %d rules, want 15", got)
	}
	if e.Version() != 7 || e.MaxID() != 15 {
		t.Fatalf("version %d max id %d", e.Version(), e.MaxID())
	}
}
