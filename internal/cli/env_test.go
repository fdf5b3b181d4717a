package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestEnvSetsFlags(t *testing.T) {
	t.Parallel()
	dir, other := t.TempDir(), t.TempDir()
	addAccount(t, dir, testAppID)
	addAccount(t, other, "wxother000000002")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string // in stdout
		not  string // absent from stdout
	}{
		{"FANBASE_DATA instead of --data", map[string]string{"FANBASE_DATA": dir},
			[]string{"account", "list"}, testAppID, "wxother000000002"},
		{"--data beats FANBASE_DATA", map[string]string{"FANBASE_DATA": dir},
			[]string{"account", "list", "--data", other}, "wxother000000002", testAppID},
		{"FANBASE_JSON for a bool flag", map[string]string{"FANBASE_DATA": dir, "FANBASE_JSON": "true"},
			[]string{"account", "list"}, `"appid": "` + testAppID + `"`, ""},
		{"FANBASE_ACCOUNT for stats", map[string]string{"FANBASE_DATA": dir, "FANBASE_ACCOUNT": testAppID},
			[]string{"stats"}, testAppID, ""},
		{"--account beats FANBASE_ACCOUNT", map[string]string{"FANBASE_DATA": other, "FANBASE_ACCOUNT": testAppID},
			[]string{"stats", "--account", "wxother000000002"}, "wxother000000002", testAppID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, tt.env, tt.args...)
			if r.err != nil {
				t.Fatalf("%v: %v", tt.args, r.err)
			}
			if !strings.Contains(r.stdout, tt.want) {
				t.Errorf("stdout misses %q:\n%s", tt.want, r.stdout)
			}
			if tt.not != "" && strings.Contains(r.stdout, tt.not) {
				t.Errorf("stdout has %q:\n%s", tt.not, r.stdout)
			}
		})
	}
}

// TestEnvAccountAdd adds an account from the environment alone, the way a
// container would, and checks that a flag still wins.
func TestEnvAccountAdd(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"FANBASE_DATA": dir, "FANBASE_APPID": testAppID, "FANBASE_NAME": "环境变量",
		"FANBASE_SECRET": testSecret, "FANBASE_TOKEN": testToken, "FANBASE_AES_KEY": testAESKey,
		"FANBASE_TYPE": "service", "FANBASE_MODE": "compat", "FANBASE_ORIGINAL_ID": "gh_env"}
	r := runCLI(t, env, "account", "add", "--mode", "plain")
	if r.err != nil {
		t.Fatalf("account add from env: %v", r.err)
	}
	assertNoSecrets(t, r.stdout+r.stderr)
	var views []map[string]any
	if err := json.Unmarshal([]byte(mustRun(t, "account", "list", "--data", dir, "--json")), &views); err != nil {
		t.Fatal(err)
	}
	if len(views) != 1 {
		t.Fatalf("want 1 account, got %v", views)
	}
	want := map[string]any{"appid": testAppID, "name": "环境变量", "type": "service", "mode": "plain", "original_id": "gh_env"}
	for k, v := range want {
		if views[0][k] != v {
			t.Errorf("%s = %v, want %v", k, views[0][k], v)
		}
	}
}

func TestBadEnvValueIsInvalid(t *testing.T) {
	t.Parallel()
	r := runCLI(t, map[string]string{"FANBASE_DATA": t.TempDir(), "FANBASE_JSON": "maybe"}, "account", "list")
	if !errs.Is(r.err, errs.Invalid) || !strings.Contains(r.err.Error(), "FANBASE_JSON") {
		t.Fatalf("err = %v, want invalid naming FANBASE_JSON", r.err)
	}
}
