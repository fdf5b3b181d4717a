package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
)

// statsJSON returns `stats --json` decoded without assuming its Go type.
func statsJSON(t *testing.T, dir, appID string) map[string]any {
	t.Helper()
	return decodeStats(t, mustRun(t, "stats", "--data", dir, "--account", appID, "--json"))
}

func decodeStats(t *testing.T, out string) map[string]any {
	t.Helper()
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("stats --json: %v\n%s", err, out)
	}
	return got
}

// count reads one numeric field of stats --json.
func count(t *testing.T, stats map[string]any, field string) int64 {
	t.Helper()
	n, ok := stats[field].(float64)
	if !ok {
		t.Fatalf("stats field %q = %#v, want a number", field, stats[field])
	}
	return int64(n)
}

func TestStatsFreshAccount(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	got := statsJSON(t, dir, testAppID)
	for _, f := range []string{"messages", "events", "replies", "followers", "subscribed"} {
		if n := count(t, got, f); n != 0 {
			t.Errorf("%s = %d on a fresh account", f, n)
		}
	}
	if got["account"] != testAppID {
		t.Errorf("account = %v", got["account"])
	}
	text := mustRun(t, "stats", "--data", dir, "--account", testAppID)
	for _, want := range []string{"messages 消息", "events 事件", "replies 回复", "followers 粉丝", testAppID} {
		if !strings.Contains(text, want) {
			t.Errorf("stats misses %q:\n%s", want, text)
		}
	}
	assertNoSecrets(t, text)
}

func TestStatsErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	tests := []struct {
		name string
		args []string
		code errs.Code
	}{
		{"unknown account", []string{"stats", "--data", dir, "--account", "wxnobody", "--json"}, errs.NotFound},
		{"no account", []string{"stats", "--data", dir}, errs.Invalid},
		{"bad db url", []string{"stats", "--db", "mysql://x", "--account", testAppID}, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := wantError(t, tt.code, tt.args...)
			if r.stdout != "" {
				t.Errorf("stdout = %q on error", r.stdout)
			}
		})
	}
}
