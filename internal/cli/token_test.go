package cli

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

// tokenUser resolves an API token against the store under dir.
func tokenUser(t *testing.T, dir, token string) (*user.User, error) {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), dir+"/fanbase.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	u, _, err := (&user.Service{Store: db}).TokenUser(t.Context(), token)
	return u, err
}

func TestTokenCreateListRevoke(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "user", "add", "--data", dir, "--login", "boss", "--password", testPassword)
	r := runCLI(t, nil, "token", "create", "--data", dir, "--login", "boss", "--name", "同步脚本")
	if r.err != nil {
		t.Fatalf("token create: %v", r.err)
	}
	plain := strings.TrimSpace(r.stdout)
	if !strings.HasPrefix(plain, "fbt_") || strings.Contains(plain, "\n") || !hasHan(r.stderr) {
		t.Fatalf("token create printed %q (stderr %q)", r.stdout, r.stderr)
	}
	if u, err := tokenUser(t, dir, plain); err != nil || u.Login != "boss" {
		t.Fatalf("TokenUser = %v, %v", u, err)
	}

	out := mustRun(t, "token", "create", "--data", dir, "--login", "boss", "--name", "ci", "--ttl", "1h", "--json")
	var created map[string]any
	if err := json.Unmarshal([]byte(out), &created); err != nil {
		t.Fatalf("token create --json: %v\n%s", err, out)
	}
	for _, k := range []string{"token", "id", "name", "prefix", "expires_at"} {
		if _, ok := created[k]; !ok {
			t.Errorf("token create --json misses %q: %s", k, out)
		}
	}
	token, _ := created["token"].(string)
	exp, err := time.Parse(time.RFC3339, created["expires_at"].(string))
	if created["name"] != "ci" || !strings.HasPrefix(token, created["prefix"].(string)) || err != nil ||
		exp.Sub(time.Now()) > time.Hour || exp.Sub(time.Now()) < 50*time.Minute {
		t.Errorf("token create --json = %s", out)
	}

	table := mustRun(t, "token", "list", "--data", dir, "--login", "boss")
	if !strings.Contains(table, "同步脚本") || !strings.Contains(table, "ci") || strings.Contains(table, plain) ||
		strings.Contains(table, token) {
		t.Errorf("token list:\n%s", table)
	}
	id := int64(created["id"].(float64))
	mustRun(t, "token", "revoke", "--data", dir, "--login", "boss", "--id", strconv.FormatInt(id, 10))
	if _, err := tokenUser(t, dir, token); !errs.Is(err, errs.Unauthorized) {
		t.Errorf("revoked token still works: %v", err)
	}
	var views []tokenView
	if err := json.Unmarshal([]byte(mustRun(t, "token", "list", "--data", dir, "--login", "boss", "--json")), &views); err != nil {
		t.Fatal(err)
	}
	if len(views) != 2 || !views[0].Revoked || views[1].Revoked || views[0].Token != "" || views[1].ExpiresAt == nil {
		t.Errorf("token list --json = %+v", views)
	}
	var actions []string
	for _, e := range auditLog(t, dir) {
		actions = append(actions, e.Action)
		if strings.Contains(e.Detail+e.Target, "fbt_") {
			t.Errorf("the audit log holds a token: %+v", e)
		}
	}
	if got := strings.Join(actions, " "); got != "token.revoke token.create token.create user.add" {
		t.Errorf("audit actions = %s", got)
	}
}

func TestTokenErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "user", "add", "--data", dir, "--login", "boss", "--password", testPassword)
	mustRun(t, "user", "add", "--data", dir, "--login", "li", "--password", testPassword, "--role", "agent", "--account", "all")
	mustRun(t, "token", "create", "--data", dir, "--login", "li", "--name", "li's")
	tests := []struct {
		name string
		code errs.Code
		args []string
	}{
		{"unknown user", errs.NotFound, []string{"create", "--login", "nobody", "--name", "x"}},
		{"no login", errs.Invalid, []string{"create", "--name", "x"}},
		{"no name", errs.Invalid, []string{"create", "--login", "boss"}},
		{"negative ttl", errs.Invalid, []string{"create", "--login", "boss", "--name", "x", "--ttl", "-1h"}},
		{"someone else's token", errs.NotFound, []string{"revoke", "--login", "boss", "--id", "1"}},
		{"no id", errs.Invalid, []string{"revoke", "--login", "boss"}},
		{"unknown subcommand", errs.Invalid, []string{"rotate"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, tc.code, append([]string{"token", tc.args[0], "--data", dir}, tc.args[1:]...)...)
		})
	}
}
