package autoreply

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEExampleCompiles keeps the rule file shown in the README honest.
func TestREADMEExampleCompiles(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "```yaml\n")
	example, _, ok2 := strings.Cut(rest, "```")
	if !ok || !ok2 {
		t.Fatal("README has no ```yaml rule example")
	}
	rs, err := ParseRuleFile([]byte(example), "yaml")
	if err != nil {
		t.Fatalf("README example: %v", err)
	}
	AssignIDs(rs, 0)
	if _, err := Compile(rs); err != nil {
		t.Fatalf("README example does not compile: %v", err)
	}
	if len(rs.Rules) != 5 {
		t.Fatalf("README example has %d rules, want 5", len(rs.Rules))
	}
}
