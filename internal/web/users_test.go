package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/user"
)

// tryLogin logs in through the form with any password and returns the
// client and the login's status (303 on success).
func (a *testApp) tryLogin(login, password string) (*client, int) {
	a.t.Helper()
	c := a.anonymous()
	_, body := c.get("/login")
	form := url.Values{"login": {login}, "password": {password}, "csrf": {formCSRF(body)}}
	status, _ := c.do("POST", "/login", form, nil)
	if status == http.StatusSeeOther {
		_, body = c.get("/")
		if m := regexp.MustCompile(`data-csrf="([^"]+)"`).FindStringSubmatch(body); m != nil {
			c.csrf = m[1]
		}
	}
	return c, status
}

// lastAudit returns the newest audit entry.
func (a *testApp) lastAudit() user.AuditEntry {
	a.t.Helper()
	es, err := a.DB.ListAudit(context.Background(), user.AuditFilter{Limit: 1})
	if err != nil || len(es) == 0 {
		a.t.Fatalf("ListAudit: %v, %d entries", err, len(es))
	}
	return es[0]
}

func (a *testApp) roleOf(u *user.User, accountID int64) user.Role {
	a.t.Helper()
	ms, err := a.DB.Memberships(context.Background(), u.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	for _, m := range ms {
		if m.AccountID == accountID {
			return m.Role
		}
	}
	return ""
}

func TestUsersPageNeedsAdmin(t *testing.T) {
	app := newTestApp(t)
	app.addUser("agent1", user.Agent, app.Account.ID)
	app.addUser("boss", user.Owner, user.AllAccounts)
	status, body := app.login("agent1").get("/settings/users")
	wantPage(t, "agent", status, body, http.StatusForbidden, "管理员")
	status, body = app.login("boss").get("/settings/users")
	wantPage(t, "owner", status, body, http.StatusOK, "成员与权限", "agent1", "测试服务号 · 客服",
		"全部公众号 · 所有者", `id="user-add-form"`)
	if status, _ := app.anonymous().get("/settings/users"); status != http.StatusSeeOther {
		t.Errorf("anonymous: status %d, want a redirect to the login page", status)
	}
}

func TestUserAddPage(t *testing.T) {
	app := newTestApp(t)
	boss := app.addUser("boss", user.Owner, user.AllAccounts)
	c := app.login("boss")
	add := func(login, password, role, acct string) (int, string) {
		return c.post("/settings/users", url.Values{"login": {login}, "name": {"客服 " + login},
			"password": {password}, "role": {role}, "account": {acct}})
	}
	status, body := add("li", testPassword, "agent", app.Account.AppID)
	if status != http.StatusSeeOther {
		t.Fatalf("add: status %d; %.300s", status, body)
	}
	if _, st := app.tryLogin("li", testPassword); st != http.StatusSeeOther {
		t.Errorf("the added user cannot log in: %d", st)
	}
	e := app.lastAudit()
	if e.Action != "user.add" || e.UserID != boss.ID || e.Target != "li" || e.AccountID != app.Account.ID || e.IP == "" {
		t.Errorf("audit entry %+v", e)
	}
	tests := []struct {
		name, login, password, role, acct string
		status                            int
		says                              string
	}{
		{"short password", "zhao", "short", "agent", "all", http.StatusBadRequest, "密码至少 8 个字符"},
		{"taken login", "LI", testPassword, "agent", "all", http.StatusConflict, "已被使用"},
		{"bad login", "赵 六", testPassword, "agent", "all", http.StatusBadRequest, "登录名只能包含"},
		{"bad role", "zhao", testPassword, "king", "all", http.StatusBadRequest, "未知角色"},
		{"unknown account", "zhao", testPassword, "agent", "wxnope", http.StatusForbidden, "不能在该公众号上授予"},
	}
	for _, tc := range tests {
		status, body := add(tc.login, tc.password, tc.role, tc.acct)
		wantPage(t, tc.name, status, body, tc.status, tc.says, `value="`+tc.login+`"`)
	}
}

func TestUserGrantLimits(t *testing.T) {
	app := newTestApp(t)
	other := app.addAccount("wxother0000000001", "别人的号")
	a := app.Account.AppID
	app.addUser("boss", user.Owner, user.AllAccounts)
	admin := app.addUser("admin", user.Admin, app.Account.ID)
	li := app.addUser("li", user.Viewer, app.Account.ID)
	owner := app.addUser("ownerA", user.Owner, app.Account.ID)
	c := app.login("admin")
	grant := func(u *user.User, acct, role string) int {
		status, _ := c.post(fmt.Sprintf("/settings/users/%d/role", u.ID), url.Values{"account": {acct}, "role": {role}})
		return status
	}
	tests := []struct {
		name    string
		target  *user.User
		acct    string
		role    string
		status  int
		want    user.Role // li's role on the account afterwards
		wantOn  int64
		checkOn *user.User
	}{
		{"agent on own account", li, a, "agent", http.StatusSeeOther, user.Agent, app.Account.ID, li},
		{"admin on own account", li, a, "admin", http.StatusSeeOther, user.Admin, app.Account.ID, li},
		{"never owner", li, a, "owner", http.StatusForbidden, user.Admin, app.Account.ID, li},
		{"not on all accounts", li, "all", "viewer", http.StatusForbidden, "", user.AllAccounts, li},
		{"not on another account", li, other.AppID, "viewer", http.StatusForbidden, "", other.ID, li},
		{"not their own role", admin, a, "viewer", http.StatusForbidden, user.Admin, app.Account.ID, admin},
		{"not an owner's role", owner, a, "agent", http.StatusForbidden, user.Owner, app.Account.ID, owner},
		{"remove", li, a, "none", http.StatusSeeOther, "", app.Account.ID, li},
	}
	for _, tc := range tests {
		if got := grant(tc.target, tc.acct, tc.role); got != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, got, tc.status)
		}
		if got := app.roleOf(tc.checkOn, tc.wantOn); got != tc.want {
			t.Errorf("%s: role afterwards %q, want %q", tc.name, got, tc.want)
		}
	}
	if e := app.lastAudit(); e.Action != "user.grant" || e.Detail != "none on "+a || e.AccountID != app.Account.ID {
		t.Errorf("audit entry %+v", e)
	}
	boss := app.login("boss")
	if status, _ := boss.post(fmt.Sprintf("/settings/users/%d/role", li.ID), url.Values{"account": {"all"}, "role": {"owner"}}); status != http.StatusSeeOther {
		t.Errorf("owner granting owner: status %d", status)
	}
	if got := app.roleOf(li, user.AllAccounts); got != user.Owner {
		t.Errorf("li on all accounts = %q, want owner", got)
	}
}

func TestUserDisableAndReset(t *testing.T) {
	app := newTestApp(t)
	app.addUser("boss", user.Owner, user.AllAccounts)
	li := app.addUser("li", user.Agent, app.Account.ID)
	liClient := app.login("li")
	c := app.login("boss")
	path := func(u *user.User, what string) string { return fmt.Sprintf("/settings/users/%d/%s", u.ID, what) }

	status, _ := c.post(path(li, "disable"), nil)
	if status != http.StatusSeeOther {
		t.Fatalf("disable: status %d", status)
	}
	if status, _ := liClient.get("/"); status != http.StatusSeeOther {
		t.Errorf("a disabled user's session still works: %d", status)
	}
	if _, st := app.tryLogin("li", testPassword); st != http.StatusForbidden {
		t.Errorf("a disabled user logs in: %d", st)
	}
	_, body := c.get("/settings/users")
	wantPage(t, "list", http.StatusOK, body, http.StatusOK, "已停用", "重新启用")
	if status, _ := c.post(path(li, "enable"), nil); status != http.StatusSeeOther {
		t.Fatalf("enable: status %d", status)
	}
	if status, _ := c.post(path(li, "password"), url.Values{"password": {"一个新的密码 123"}}); status != http.StatusSeeOther {
		t.Fatalf("reset: status %d", status)
	}
	if _, st := app.tryLogin("li", "一个新的密码 123"); st != http.StatusSeeOther {
		t.Errorf("login with the reset password: %d", st)
	}
	status, body = c.post(path(li, "password"), url.Values{"password": {"short"}})
	wantPage(t, "short reset", status, body, http.StatusBadRequest, "密码至少 8 个字符")
	if e := app.lastAudit(); e.Action != "user.passwd" || e.Target != "li" || strings.Contains(e.Detail, "新的密码") {
		t.Errorf("audit entry %+v", e)
	}
}

func TestUserManageLimits(t *testing.T) {
	app := newTestApp(t)
	boss := app.addUser("boss", user.Owner, user.AllAccounts)
	admin := app.addUser("admin", user.Admin, app.Account.ID)
	c := app.login("admin")
	for _, tc := range []struct {
		name, path string
	}{
		{"disable an owner", fmt.Sprintf("/settings/users/%d/disable", boss.ID)},
		{"reset an owner's password", fmt.Sprintf("/settings/users/%d/password", boss.ID)},
		{"disable themself", fmt.Sprintf("/settings/users/%d/disable", admin.ID)},
	} {
		status, body := c.post(tc.path, url.Values{"password": {"takeover-password"}})
		wantPage(t, tc.name, status, body, http.StatusForbidden)
	}
	if _, st := app.tryLogin("boss", testPassword); st != http.StatusSeeOther {
		t.Errorf("the owner was locked out: %d", st)
	}
	status, body := c.post("/settings/users/999/disable", nil)
	wantPage(t, "unknown user", status, body, http.StatusNotFound)
	status, body = c.do("POST", fmt.Sprintf("/settings/users/%d/disable", boss.ID), url.Values{}, nil)
	wantPage(t, "without CSRF", status, body, http.StatusForbidden, "CSRF")
}

func TestLocalMessage(t *testing.T) {
	tests := []struct{ lang, msg, want string }{
		{"zh-CN", "password must be at least 8 characters (密码至少 8 个字符)", "密码至少 8 个字符"},
		{"en", "password must be at least 8 characters (密码至少 8 个字符)", "password must be at least 8 characters"},
		{"zh-CN", "你不能管理该成员。", "你不能管理该成员。"},
		{"en", "see (the docs)", "see (the docs)"},
	}
	for _, tc := range tests {
		if got := localMessage(tc.lang, tc.msg); got != tc.want {
			t.Errorf("localMessage(%s, %q) = %q, want %q", tc.lang, tc.msg, got, tc.want)
		}
	}
}
