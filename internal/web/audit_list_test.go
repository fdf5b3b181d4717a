package web

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/user"
)

// addAudit stores n entries by u on the account, oldest first.
func (a *testApp) addAudit(u *user.User, accountID int64, action string, n int) {
	a.t.Helper()
	for i := range n {
		e := &user.AuditEntry{At: time.Now(), UserID: u.ID, UserName: u.Name, AccountID: accountID,
			Action: action, Target: fmt.Sprintf("target-%s-%d", action, i)}
		if err := a.DB.AddAudit(context.Background(), e); err != nil {
			a.t.Fatal(err)
		}
	}
}

var olderLink = regexp.MustCompile(`id="audit-older" href="([^"]+)"`)

func TestAuditPages(t *testing.T) {
	app := newTestApp(t)
	other := app.addAccount("wxother0000000001", "别人的号")
	boss := app.addUser("boss", user.Owner, user.AllAccounts)
	admin := app.addUser("admin", user.Admin, app.Account.ID)
	app.addUser("agent1", user.Agent, app.Account.ID)
	app.addAudit(boss, other.ID, "rules.rollback", 2)
	app.addAudit(admin, app.Account.ID, "conversation.close", 55)
	app.addAudit(boss, 0, "user.add", 1)
	rows := func(body string) int { return strings.Count(body, `class="audit-row"`) }

	c := app.login("boss")
	status, body := c.get("/audit")
	wantPage(t, "global", status, body, http.StatusOK, "操作日志", "添加成员", "别人的号", "target-user.add-0")
	if rows(body) != 50 || !olderLink.MatchString(body) {
		t.Fatalf("first page: %d rows, older link %v", rows(body), olderLink.MatchString(body))
	}
	_, body = c.get(strings.ReplaceAll(olderLink.FindStringSubmatch(body)[1], "&amp;", "&"))
	if rows(body) != 8 || olderLink.MatchString(body) || !strings.Contains(body, "target-rules.rollback-0") {
		t.Errorf("second page: %d rows, want 8 and no older link", rows(body))
	}
	filters := []struct {
		query string
		rows  int
		has   string
	}{
		{"?action=rules", 2, "target-rules.rollback-1"},
		{"?action=user.add", 1, "target-user.add-0"},
		{fmt.Sprintf("?user=%d&action=conversation", admin.ID), 50, "target-conversation.close-54"},
		{fmt.Sprintf("?user=%d&action=conversation", boss.ID), 0, "没有符合条件的操作记录"},
	}
	for _, f := range filters {
		status, body := c.get("/audit" + f.query)
		wantPage(t, f.query, status, body, http.StatusOK, f.has)
		if rows(body) != f.rows {
			t.Errorf("%s: %d rows, want %d", f.query, rows(body), f.rows)
		}
	}
	if status, _ := c.get("/audit?user=abc"); status != http.StatusBadRequest {
		t.Errorf("bad user filter: status %d, want 400", status)
	}
}

func TestAuditPageOfAnAccount(t *testing.T) {
	app := newTestApp(t)
	other := app.addAccount("wxother0000000001", "别人的号")
	boss := app.addUser("boss", user.Owner, user.AllAccounts)
	app.addUser("admin", user.Admin, app.Account.ID)
	app.addUser("agent1", user.Agent, app.Account.ID)
	app.addAudit(boss, other.ID, "rules.rollback", 3)
	app.addAudit(boss, app.Account.ID, "rules.rollback", 2)

	c := app.login("admin")
	status, _ := c.get("/audit")
	if status != http.StatusSeeOther {
		t.Fatalf("an account admin at /audit: status %d, want a redirect to their account's log", status)
	}
	status, body := c.get("/a/" + app.Account.AppID + "/audit")
	wantPage(t, "own account", status, body, http.StatusOK, "操作日志")
	if n := strings.Count(body, `class="audit-row"`); n != 2 || strings.Contains(body, "别人的号") {
		t.Errorf("account log: %d rows (want 2), or shows another account", n)
	}
	for _, tc := range []struct {
		login, path string
	}{
		{"admin", "/a/" + other.AppID + "/audit"},
		{"agent1", "/a/" + app.Account.AppID + "/audit"},
		{"agent1", "/audit"},
	} {
		status, body := app.login(tc.login).get(tc.path)
		wantPage(t, tc.login+" "+tc.path, status, body, http.StatusForbidden)
	}
}
