package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

// canaryArgs builds `rules SUB --data DIR --appid APPID rest…`, the spelling
// the canary commands are documented with.
func canaryArgs(sub, dir string, rest ...string) []string {
	return append([]string{"rules", sub, "--data", dir, "--appid", testAppID}, rest...)
}

func TestRulesCanaryPromoteStop(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	importRules(t, dir, "testdata/rules_small.yaml", 1)
	importRules(t, dir, "testdata/rules_small.json", 2)
	if out := mustRun(t, canaryArgs("canary", dir)...); !strings.Contains(out, "no canary") {
		t.Fatalf("status without a canary: %q", out)
	}
	out := mustRun(t, canaryArgs("canary", dir, "--version", "1", "--openids", "o_t1, o_t2")...)
	if !strings.Contains(out, "version 1") || !strings.Contains(out, "2 test followers") {
		t.Fatalf("canary said %q", out)
	}
	if got := versionMarks(t, dir); got["1"] != "canary" || got["2"] != "*" {
		t.Fatalf("versions marks = %v", got)
	}
	status := mustRun(t, canaryArgs("canary", dir)...)
	if !strings.Contains(status, "version 1, 0% of followers") || !strings.Contains(status, "o_t1, o_t2") {
		t.Fatalf("canary status:\n%s", status)
	}
	// The dry run follows the follower's side.
	if out := mustRun(t, rulesArgs("test", dir, "--openid", "o_t1", "营业时间")...); !strings.Contains(out, "9:00–21:00") || !strings.Contains(out, "of version 1") {
		t.Errorf("tester's dry run:\n%s", out)
	}
	if out := mustRun(t, rulesArgs("test", dir, "--openid", "o_someone", "营业时间")...); !strings.Contains(out, "none (无自动回复), version 2") {
		t.Errorf("other follower's dry run:\n%s", out)
	}
	if out := mustRun(t, canaryArgs("promote", dir)...); !strings.Contains(out, "is active for everyone") || !strings.Contains(out, "version 1 ") {
		t.Fatalf("promote said %q", out)
	}
	if got := versionMarks(t, dir); got["1"] != "*" || got["2"] != "" {
		t.Fatalf("after promote versions marks = %v", got)
	}
	wantError(t, errs.NotFound, canaryArgs("canary-stop", dir)...)
	mustRun(t, canaryArgs("canary", dir, "--version", "2", "--percent", "100")...)
	if out := mustRun(t, canaryArgs("canary-stop", dir)...); !strings.Contains(out, "stopped") {
		t.Fatalf("canary-stop said %q", out)
	}
	if got := versionMarks(t, dir); got["2"] != "" {
		t.Fatalf("after stop versions marks = %v", got)
	}
}

// versionMarks maps each version in `rules versions` to its mark ("*",
// "canary" or "").
func versionMarks(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := mustRun(t, rulesArgs("versions", dir)...)
	marks := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		f := strings.Fields(line)
		marks[f[0]] = ""
		if f[1] == "*" || f[1] == "canary" {
			marks[f[0]] = f[1]
		}
	}
	return marks
}

func TestRulesDiff(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	importRules(t, dir, "testdata/rules_small.yaml", 1)
	importRules(t, dir, "testdata/rules_small.json", 2)
	v1 := mustRun(t, rulesArgs("export", dir, "--version", "1")...)
	edited := strings.Replace(v1, "每天 9:00–21:00 开放。", "每天 8:00–22:00 开放。", 1)
	file := filepath.Join(t.TempDir(), "edited.yaml")
	if err := os.WriteFile(file, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	importRules(t, dir, file, 3)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"replaced rules", []string{"--from", "1", "--to", "2"},
			[]string{"version 1 → 2: 2 added, 2 removed, 0 changed", `+ rule 3 "停车 Parking"`, `- rule 2 "默认 Default"`, "--- version 1", "+++ version 2", "-version: 1", "+version: 2"}},
		{"one reply changed, to the active", []string{"--from", "1"},
			[]string{"version 1 → 3: 0 added, 0 removed, 1 changed", `~ rule 1 "营业时间 Hours"`,
				`replies: "text: 每天 9:00–21:00 开放。" → "text: 每天 8:00–22:00 开放。"`, "-        content: 每天 9:00–21:00 开放。", "+        content: 每天 8:00–22:00 开放。"}},
		{"same rules", []string{"--from", "1", "--to", "1"}, []string{"0 added, 0 removed, 0 changed", "no difference"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := mustRun(t, canaryArgs("diff", dir, tt.args...)...)
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("diff misses %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestRulesCanaryErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	importRules(t, dir, "testdata/rules_small.yaml", 1)
	importRules(t, dir, "testdata/rules_small.yaml", 2)
	tests := []struct {
		name string
		args []string
		code errs.Code
	}{
		{"canary of the active version", canaryArgs("canary", dir, "--version", "2", "--percent", "10"), errs.Conflict},
		{"canary of a missing version", canaryArgs("canary", dir, "--version", "9", "--percent", "10"), errs.NotFound},
		{"canary for nobody", canaryArgs("canary", dir, "--version", "1"), errs.Invalid},
		{"canary over 100%", canaryArgs("canary", dir, "--version", "1", "--percent", "101"), errs.Invalid},
		{"negative version", canaryArgs("canary", dir, "--version", "-1", "--percent", "5"), errs.Invalid},
		{"promote without canary", canaryArgs("promote", dir), errs.NotFound},
		{"stop without canary", canaryArgs("canary-stop", dir), errs.NotFound},
		{"diff without from", canaryArgs("diff", dir), errs.Invalid},
		{"diff of a missing version", canaryArgs("diff", dir, "--from", "7"), errs.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, tt.code, tt.args...)
		})
	}
}
