package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestAccountAddAndList(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runCLI(t, nil, "account", "add", "--data", dir, "--appid", testAppID, "--name", "国色天香乐园",
		"--secret", testSecret, "--token", testToken, "--aes-key", testAESKey, "--type", "service",
		"--mode", "compat", "--api-base", "http://127.0.0.1:9100", "--original-id", "gh_test01",
		"--timezone", "Asia/Shanghai")
	if r.err != nil {
		t.Fatalf("account add: %v\n%s", r.err, r.stderr)
	}
	if !strings.Contains(r.stdout, "account "+testAppID+" added") || !strings.Contains(r.stdout, "/wx/"+testAppID) {
		t.Fatalf("account add said %q", r.stdout)
	}
	assertNoSecrets(t, r.stdout+r.stderr)

	table := mustRun(t, "account", "list", "--data", dir)
	assertNoSecrets(t, table)
	for _, want := range []string{testAppID, "国色天香乐园", "service", "compat", "gh_test01", "http://127.0.0.1:9100"} {
		if !strings.Contains(table, want) {
			t.Errorf("account list misses %q:\n%s", want, table)
		}
	}

	out := mustRun(t, "account", "list", "--data", dir, "--json")
	assertNoSecrets(t, out)
	var views []map[string]any
	if err := json.Unmarshal([]byte(out), &views); err != nil {
		t.Fatalf("account list --json: %v\n%s", err, out)
	}
	if len(views) != 1 {
		t.Fatalf("want 1 account, got %d: %s", len(views), out)
	}
	want := map[string]any{"appid": testAppID, "name": "国色天香乐园", "type": "service", "mode": "compat",
		"original_id": "gh_test01", "api_base": "http://127.0.0.1:9100", "timezone": "Asia/Shanghai"}
	for k, v := range want {
		if views[0][k] != v {
			t.Errorf("json %s = %v, want %v", k, views[0][k], v)
		}
	}
	for _, k := range []string{"secret", "Secret", "aes_key", "AESKey", "token", "Token"} {
		if _, ok := views[0][k]; ok {
			t.Errorf("json has the field %q", k)
		}
	}
}

func TestAccountListEmpty(t *testing.T) {
	t.Parallel()
	out := mustRun(t, "account", "list", "--data", t.TempDir(), "--json")
	if strings.TrimSpace(out) != "[]" {
		t.Fatalf("empty list --json = %q, want []", out)
	}
}

func TestAccountAddDuplicate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	r := runCLI(t, nil, "account", "add", "--data", dir, "--appid", testAppID, "--name", "again",
		"--token", testToken, "--aes-key", testAESKey)
	if !errs.Is(r.err, errs.Conflict) {
		t.Fatalf("duplicate appid: err = %v (code %q), want conflict", r.err, errs.CodeOf(r.err))
	}
	if !hasHan(r.err.Error()) {
		t.Errorf("error has no Chinese: %v", r.err)
	}
}

func TestAccountAddInvalid(t *testing.T) {
	t.Parallel()
	base := map[string]string{"name": "测试", "appid": testAppID, "token": testToken, "aes-key": testAESKey}
	tests := []struct {
		name string
		set  map[string]string
	}{
		{"bad token", map[string]string{"token": "has space!"}},
		{"short token", map[string]string{"token": "ab"}},
		{"short aes key", map[string]string{"aes-key": "tooShort"}},
		{"aes key with symbols", map[string]string{"aes-key": strings.Repeat("-", 43)}},
		{"missing aes key in safe mode", map[string]string{"aes-key": ""}},
		{"bad type", map[string]string{"type": "enterprise"}},
		{"bad mode", map[string]string{"mode": "secure"}},
		{"bad appid", map[string]string{"appid": "wx/../1"}},
		{"no name", map[string]string{"name": " "}},
		{"bad timezone", map[string]string{"timezone": "Mars/Olympus"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := []string{"account", "add", "--data", dir}
			for k, v := range base {
				if nv, ok := tt.set[k]; ok {
					v = nv
				}
				args = append(args, "--"+k, v)
			}
			for k, v := range tt.set {
				if _, ok := base[k]; !ok {
					args = append(args, "--"+k, v)
				}
			}
			r := wantError(t, errs.Invalid, args...)
			if ExitCode(r.err) != 2 {
				t.Errorf("exit code %d, want 2", ExitCode(r.err))
			}
			if out := mustRun(t, "account", "list", "--data", dir, "--json"); strings.TrimSpace(out) != "[]" {
				t.Errorf("an invalid account was stored: %s", out)
			}
		})
	}
}

func TestAccountUpdateChangesOnlyGivenFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "account", "add", "--data", dir, "--appid", testAppID, "--name", "旧名字",
		"--secret", testSecret, "--token", testToken, "--aes-key", testAESKey, "--type", "service",
		"--original-id", "gh_keep", "--api-base", "http://127.0.0.1:9100")
	before := listJSON(t, dir)[0]
	out := mustRun(t, "account", "update", "--data", dir, "--appid", testAppID, "--name", "新名字")
	if !strings.Contains(out, "updated") {
		t.Fatalf("account update said %q", out)
	}
	after := listJSON(t, dir)[0]
	before["name"] = "新名字"
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s = %v after update, want %v", k, after[k], v)
		}
	}
	// The secrets were kept too: the account still validates in safe mode,
	// which needs the AES key, when another field changes.
	mustRun(t, "account", "update", "--data", dir, "--appid", testAppID, "--mode", "safe")
}

func TestAccountUpdateErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	tests := []struct {
		name string
		args []string
		code errs.Code
	}{
		{"unknown appid", []string{"--appid", "wxnobody", "--name", "x"}, errs.NotFound},
		{"no appid", []string{"--name", "x"}, errs.Invalid},
		{"invalid token", []string{"--appid", testAppID, "--token", "a b"}, errs.Invalid},
		{"invalid mode", []string{"--appid", testAppID, "--mode", "open"}, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			wantError(t, tt.code, append([]string{"account", "update", "--data", dir}, tt.args...)...)
		})
	}
}

func TestAccountUsage(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"account"}, {"account", "remove"}} {
		r := runCLI(t, nil, args...)
		if !errs.Is(r.err, errs.Invalid) || !hasHan(r.err.Error()) {
			t.Errorf("%v: err = %v, want a bilingual invalid error", args, r.err)
		}
	}
}

// listJSON returns `account list --json` decoded.
func listJSON(t *testing.T, dir string) []map[string]any {
	t.Helper()
	var views []map[string]any
	out := mustRun(t, "account", "list", "--data", dir, "--json")
	if err := json.Unmarshal([]byte(out), &views); err != nil {
		t.Fatalf("account list --json: %v\n%s", err, out)
	}
	return views
}
