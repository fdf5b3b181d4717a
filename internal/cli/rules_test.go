package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/errs"
)

// rulesArgs builds `rules SUB --data DIR --account APPID rest…`.
func rulesArgs(sub, dir string, rest ...string) []string {
	return append([]string{"rules", sub, "--data", dir, "--account", testAppID}, rest...)
}

// versions parses `rules versions` into version → active.
func versions(t *testing.T, dir string) map[int64]bool {
	t.Helper()
	out := mustRun(t, rulesArgs("versions", dir)...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "VERSION") {
		t.Fatalf("versions has no header:\n%s", out)
	}
	got := map[int64]bool{}
	for _, line := range lines[1:] {
		f := strings.Fields(line)
		v, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			t.Fatalf("versions line %q: %v", line, err)
		}
		got[v] = len(f) > 1 && f[1] == "*"
	}
	return got
}

// exportRules exports a version (0 = the active one) as JSON and parses it back.
func exportRules(t *testing.T, dir string, version int64) *autoreply.RuleSet {
	t.Helper()
	out := mustRun(t, rulesArgs("export", dir, "--format", "json", "--version", strconv.FormatInt(version, 10))...)
	rs, err := autoreply.ParseRuleFile([]byte(out), "json")
	if err != nil {
		t.Fatalf("parse export: %v\n%s", err, out)
	}
	return rs
}

func importRules(t *testing.T, dir, file string, wantVersion int) {
	t.Helper()
	out := mustRun(t, rulesArgs("import", dir, file)...)
	if want := "as version " + strconv.Itoa(wantVersion) + " "; !strings.Contains(out, want) {
		t.Fatalf("import %s said %q, want %q", file, out, want)
	}
}

func TestRulesImportVersionsRollback(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	importRules(t, dir, "testdata/rules_small.yaml", 1)
	importRules(t, dir, "testdata/rules_small.yaml", 2)
	if got, want := versions(t, dir), map[int64]bool{1: false, 2: true}; !reflect.DeepEqual(got, want) {
		t.Fatalf("versions = %v, want %v", got, want)
	}
	v1 := exportRules(t, dir, 1)
	if len(v1.Rules) != 2 || v1.Rules[0].Name != "营业时间 Hours" || v1.Note != "small yaml set" {
		t.Fatalf("version 1 exported as %+v", v1)
	}
	importRules(t, dir, "testdata/rules_small.json", 3)
	if got := exportRules(t, dir, 0); got.Version != 3 || got.Rules[0].Name != "停车 Parking" {
		t.Fatalf("active after json import = version %d %+v", got.Version, got.Rules)
	}
	out := mustRun(t, rulesArgs("rollback", dir, "--version", "1")...)
	if !strings.Contains(out, "version 1") {
		t.Fatalf("rollback said %q", out)
	}
	if got, want := versions(t, dir), map[int64]bool{1: true, 2: false, 3: false}; !reflect.DeepEqual(got, want) {
		t.Fatalf("versions after rollback = %v, want %v", got, want)
	}
	active := exportRules(t, dir, 0)
	if active.Version != 1 || !reflect.DeepEqual(active.Rules, v1.Rules) {
		t.Fatalf("after rollback the active rules are version %d %+v, want version 1 %+v", active.Version, active.Rules, v1.Rules)
	}
	// The live engine follows the rollback: the JSON set's parking rule is gone.
	explain := mustRun(t, rulesArgs("test", dir, "停车")...)
	if !strings.Contains(explain, "of version 1") || strings.Contains(explain, "Parking") {
		t.Fatalf("rules test after rollback:\n%s", explain)
	}
}

func TestRulesExportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, format := range []string{"json", "yaml"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			addAccount(t, dir, testAppID)
			importRules(t, dir, "demo_rules.yaml", 1)
			file := filepath.Join(t.TempDir(), "export."+format)
			mustRun(t, rulesArgs("export", dir, "--format", format, "--out", file)...)
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if format == "json" && !strings.HasPrefix(string(data), "{") {
				t.Fatalf("--format json wrote %.40q", data)
			}
			importRules(t, dir, file, 2)
			first, second := exportRules(t, dir, 1), exportRules(t, dir, 2)
			if len(first.Rules) != 14 || !reflect.DeepEqual(first.Rules, second.Rules) {
				t.Fatalf("round trip changed the rules:\n v1 %+v\n v2 %+v", first.Rules, second.Rules)
			}
			if first.Note != second.Note {
				t.Errorf("note %q became %q", first.Note, second.Note)
			}
		})
	}
}

func TestRulesTestDemo(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	importRules(t, dir, "demo_rules.yaml", 1)
	tests := []struct {
		name   string
		args   []string
		winner string // the "=>" line names this rule
		reply  string // in the reply line
	}{
		{"ticket price", []string{"门票多少钱"}, `rule 3 "门票价格 Tickets"`, "成人 ¥180"},
		{"english keyword", []string{"what", "is", "the", "ticket", "price"}, `rule 3 "门票价格 Tickets"`, "adults ¥180"},
		{"scene welcome", []string{"--event", "subscribe", "--key", "store_001"}, `rule 2 "门店扫码欢迎 Store QR welcome"`, "春熙路门店"},
		{"plain welcome", []string{"--event", "subscribe"}, `rule 1 "关注欢迎语 Welcome"`, "欢迎关注国色天香乐园"},
		{"menu coupon", []string{"--event", "click", "--key", "MENU_COUPON"}, `rule 8 "菜单-领券 Menu coupon"`, "¥3 优惠券"},
		{"scan", []string{"--event", "scan", "--key", "gate_east"}, `rule 10 "扫码签到 Scan check-in"`, "签到成功"},
		{"location", []string{"--event", "location", "春熙路"}, `rule 11 "位置-最近门店 Nearest store"`, "news with 1 articles"},
		{"agent handoff", []string{"人工"}, `rule 12 "人工 Agent"`, "客服将尽快回复"},
		{"office hours", []string{"--at", "2026-11-23T10:00:00+08:00", "你好"}, `rule 14 "默认回复 Default"`, "收到您的消息啦"},
		{"after hours", []string{"--at", "2026-11-23T20:30:00+08:00", "你好"}, `rule 13 "下班时间 After hours"`, "下班时间"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out := mustRun(t, rulesArgs("test", dir, tt.args...)...)
			if !strings.Contains(out, "=> "+tt.winner) {
				t.Errorf("winner is not %s:\n%s", tt.winner, out)
			}
			var reply string
			for line := range strings.Lines(out) {
				if strings.HasPrefix(line, "reply 回复:") {
					reply = line
				}
			}
			if !strings.Contains(reply, tt.reply) || !strings.Contains(reply, "of version 1") {
				t.Errorf("reply line %q misses %q", reply, tt.reply)
			}
		})
	}
	if out := mustRun(t, rulesArgs("test", dir, "人工")...); !strings.Contains(out, "handoff 转人工: true") {
		t.Errorf("agent rule does not hand off:\n%s", out)
	}
}

func TestRulesTestWithoutRules(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	out := mustRun(t, rulesArgs("test", dir, "你好")...)
	if !strings.Contains(out, "no rule matched") || !strings.Contains(out, "reply 回复: none") {
		t.Fatalf("rules test without rules:\n%s", out)
	}
}

func TestRulesImportRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	importRules(t, dir, "testdata/rules_small.yaml", 1)
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	if err := os.WriteFile(empty, []byte("\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, file, want string
	}{
		{"unknown field", "testdata/rules_unknown_field.yaml", "keywrods"},
		{"bad regex", "testdata/rules_bad_regex.json", "(unclosed"},
		{"empty file", empty, "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, nil, rulesArgs("import", dir, tt.file)...)
			if !errs.Is(r.err, errs.Invalid) {
				t.Fatalf("err = %v (code %q), want invalid", r.err, errs.CodeOf(r.err))
			}
			if msg := r.err.Error(); !strings.Contains(msg, tt.want) || !hasHan(msg) {
				t.Errorf("error %q does not name %q in both languages", msg, tt.want)
			}
			if got, want := versions(t, dir), map[int64]bool{1: true}; !reflect.DeepEqual(got, want) {
				t.Fatalf("a refused file changed the versions: %v", got)
			}
		})
	}
}

func TestRulesErrors(t *testing.T) {
	t.Parallel()
	dir, withRules := t.TempDir(), t.TempDir()
	addAccount(t, dir, testAppID)
	addAccount(t, withRules, testAppID)
	importRules(t, withRules, "testdata/rules_small.yaml", 1)
	tests := []struct {
		name string
		args []string
		code errs.Code
	}{
		{"no subcommand", []string{"rules"}, errs.Invalid},
		{"unknown subcommand", []string{"rules", "delete", "--data", dir, "--account", testAppID}, errs.Invalid},
		{"no account", []string{"rules", "versions", "--data", dir}, errs.Invalid},
		{"unknown account", []string{"rules", "versions", "--data", dir, "--account", "wxnobody"}, errs.NotFound},
		{"import without file", rulesArgs("import", dir), errs.Invalid},
		{"import of a missing file", rulesArgs("import", dir, filepath.Join(dir, "nope.yaml")), errs.Internal},
		{"export to a missing directory", rulesArgs("export", withRules, "--out", filepath.Join(dir, "no", "such", "x.yaml")), errs.Internal},
		{"import with bad format", rulesArgs("import", dir, "--format", "toml", "testdata/rules_small.yaml"), errs.Invalid},
		{"export without rules", rulesArgs("export", dir), errs.NotFound},
		{"export with bad format", rulesArgs("export", withRules, "--format", "xml"), errs.Invalid},
		{"rollback without version", rulesArgs("rollback", dir), errs.Invalid},
		{"rollback to a missing version", rulesArgs("rollback", dir, "--version", "9"), errs.NotFound},
		{"test without text", rulesArgs("test", dir), errs.Invalid},
		{"test with bad event", rulesArgs("test", dir, "--event", "shake"), errs.Invalid},
		{"test with bad time", rulesArgs("test", dir, "--at", "tomorrow", "hi"), errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, tt.code, tt.args...)
		})
	}
}
