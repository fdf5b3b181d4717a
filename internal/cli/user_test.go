package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

const testPassword = "密码-correct-horse"

// runStdin runs one command line with input on standard input.
func runStdin(t *testing.T, input string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	e := &env{getenv: func(string) string { return "" }, stdout: &out, stderr: &errOut, stdin: strings.NewReader(input)}
	cmd := commands()[args[0]]
	err := cmd.run(t.Context(), e, args[1:])
	return result{out.String(), errOut.String(), err}
}

// listUsers returns user list --json.
func listUsers(t *testing.T, dir string) []userView {
	t.Helper()
	var views []userView
	out := mustRun(t, "user", "list", "--data", dir, "--json")
	if err := json.Unmarshal([]byte(out), &views); err != nil {
		t.Fatalf("user list --json: %v\n%s", err, out)
	}
	return views
}

// auditLog reads the audit log of the store under dir, newest first.
func auditLog(t *testing.T, dir string) []user.AuditEntry {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), dir+"/fanbase.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	entries, err := db.ListAudit(t.Context(), user.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return entries
}

// login checks the password against the store under dir.
func login(t *testing.T, dir, name, password string) error {
	t.Helper()
	db, err := sqlstore.Open(t.Context(), dir+"/fanbase.db")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, _, _, err = (&user.Service{Store: db}).Login(t.Context(), name, password, "", "")
	return err
}

func TestUserAddFirstOwner(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	r := runStdin(t, testPassword+"\n", "user", "add", "--data", dir, "--login", "Boss", "--name", "老板", "--password-stdin")
	if r.err != nil {
		t.Fatalf("user add: %v", r.err)
	}
	if !strings.Contains(r.stdout, "owner on all accounts") || strings.Contains(r.stdout, testPassword) {
		t.Errorf("user add said %q", r.stdout)
	}
	views := listUsers(t, dir)
	if len(views) != 1 || views[0].Login != "Boss" || views[0].Name != "老板" ||
		len(views[0].Roles) != 1 || views[0].Roles[0] != (roleView{"all", "owner"}) {
		t.Fatalf("users = %+v, want Boss as owner of all", views)
	}
	if err := login(t, dir, "boss", testPassword); err != nil {
		t.Errorf("the first owner cannot log in: %v", err)
	}
	log := auditLog(t, dir)
	if len(log) != 1 || log[0].Action != "user.add" || log[0].UserName != "cli" || log[0].UserID != 0 || log[0].Target != "Boss" {
		t.Errorf("audit log = %+v", log)
	}
	// Later users need a role.
	wantError(t, errs.Invalid, "user", "add", "--data", dir, "--login", "li", "--password", "12345678")
	out := mustRun(t, "user", "list", "--data", dir)
	for _, want := range []string{"Boss", "老板", "owner@all", "active"} {
		if !strings.Contains(out, want) {
			t.Errorf("user list misses %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "$2a$") {
		t.Errorf("user list shows a password hash:\n%s", out)
	}
}

func TestUserAddErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	mustRun(t, "user", "add", "--data", dir, "--login", "boss", "--password", testPassword)
	tests := []struct {
		name string
		code errs.Code
		args []string
	}{
		{"taken login", errs.Conflict, []string{"--login", "BOSS", "--password", testPassword, "--role", "agent", "--account", "all"}},
		{"no role", errs.Invalid, []string{"--login", "li", "--password", testPassword, "--account", testAppID}},
		{"no account", errs.Invalid, []string{"--login", "li", "--password", testPassword, "--role", "agent"}},
		{"bad role", errs.Invalid, []string{"--login", "li", "--password", testPassword, "--role", "boss", "--account", "all"}},
		{"unknown account", errs.NotFound, []string{"--login", "li", "--password", testPassword, "--role", "agent", "--account", "wx_nope"}},
		{"short password", errs.Invalid, []string{"--login", "li", "--password", "short", "--role", "agent", "--account", "all"}},
		{"no password", errs.Invalid, []string{"--login", "li", "--role", "agent", "--account", "all"}},
		{"both passwords", errs.Invalid, []string{"--login", "li", "--password", "x", "--password-stdin", "--role", "agent", "--account", "all"}},
		{"bad login", errs.Invalid, []string{"--login", "李 四", "--password", testPassword, "--role", "agent", "--account", "all"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantError(t, tc.code, append([]string{"user", "add", "--data", dir}, tc.args...)...)
		})
	}
	if n := len(listUsers(t, dir)); n != 1 {
		t.Errorf("%d users after failed adds, want 1", n)
	}
	r := runStdin(t, "", "user", "add", "--data", dir, "--login", "li", "--password-stdin", "--role", "agent", "--account", "all")
	if !errs.Is(r.err, errs.Invalid) {
		t.Errorf("empty stdin: err = %v, want invalid", r.err)
	}
}

func TestUserGrant(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addAccount(t, dir, testAppID)
	mustRun(t, "user", "add", "--data", dir, "--login", "boss", "--password", testPassword)
	mustRun(t, "user", "add", "--data", dir, "--login", "li", "--password", testPassword, "--role", "viewer", "--account", "all")
	steps := []struct {
		args []string
		want []roleView
	}{
		{[]string{"--account", testAppID, "--role", "agent"}, []roleView{{"all", "viewer"}, {testAppID, "agent"}}},
		{[]string{"--account", testAppID, "--role", "admin"}, []roleView{{"all", "viewer"}, {testAppID, "admin"}}},
		{[]string{"--account", "all", "--role", "none"}, []roleView{{testAppID, "admin"}}},
	}
	for _, st := range steps {
		mustRun(t, append([]string{"user", "grant", "--data", dir, "--login", "li"}, st.args...)...)
		got := listUsers(t, dir)[1].Roles
		if len(got) != len(st.want) || (len(got) > 0 && got[0] != st.want[0]) || (len(got) > 1 && got[1] != st.want[1]) {
			t.Errorf("after grant %v: roles %+v, want %+v", st.args, got, st.want)
		}
	}
	wantError(t, errs.NotFound, "user", "grant", "--data", dir, "--login", "li", "--account", "all", "--role", "none")
	wantError(t, errs.NotFound, "user", "grant", "--data", dir, "--login", "nobody", "--account", "all", "--role", "agent")
	wantError(t, errs.Invalid, "user", "grant", "--data", dir, "--login", "li", "--account", "all", "--role", "king")
	wantError(t, errs.Invalid, "user", "grant", "--data", dir, "--login", "li", "--role", "agent")
	log := auditLog(t, dir)
	if len(log) != 5 || log[0].Action != "user.grant" || log[0].Detail != "none on all accounts" || log[0].AccountID != 0 {
		t.Errorf("audit log = %+v", log)
	}
}

func TestUserPasswdAndDisable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	mustRun(t, "user", "add", "--data", dir, "--login", "boss", "--password", testPassword)
	r := runStdin(t, "新密码新密码新密码\r\n", "user", "passwd", "--data", dir, "--login", "boss", "--password-stdin")
	if r.err != nil {
		t.Fatalf("user passwd: %v", r.err)
	}
	wantCodeOf(t, "old password", login(t, dir, "boss", testPassword), errs.Unauthorized)
	wantCodeOf(t, "new password", login(t, dir, "boss", "新密码新密码新密码"), "")
	mustRun(t, "user", "disable", "--data", dir, "--login", "boss")
	wantCodeOf(t, "disabled", login(t, dir, "boss", "新密码新密码新密码"), errs.Forbidden)
	if !listUsers(t, dir)[0].Disabled {
		t.Error("user list does not show the user disabled")
	}
	mustRun(t, "user", "enable", "--data", dir, "--login", "boss")
	wantCodeOf(t, "enabled", login(t, dir, "boss", "新密码新密码新密码"), "")
	wantError(t, errs.NotFound, "user", "disable", "--data", dir, "--login", "nobody")
	wantError(t, errs.Invalid, "user", "passwd", "--data", dir, "--login", "boss", "--password", "short")
	wantError(t, errs.Invalid, "user", "frobnicate")
	var actions []string
	for _, e := range auditLog(t, dir) {
		actions = append(actions, e.Action)
	}
	if got := strings.Join(actions, " "); got != "user.enable user.disable user.passwd user.add" {
		t.Errorf("audit actions = %s", got)
	}
}

func wantCodeOf(t *testing.T, what string, err error, code errs.Code) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Errorf("%s: err = %v, want code %q", what, err, code)
	}
}
