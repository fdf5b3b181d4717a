package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

var newTokenInput = regexp.MustCompile(`id="new-token" value="(fbt_[A-Za-z0-9_-]+)"`)

func TestTokensPage(t *testing.T) {
	app := newTestApp(t)
	li := app.addUser("li", user.Viewer, app.Account.ID)
	c := app.login("li")
	status, body := c.get("/settings/tokens")
	wantPage(t, "empty list", status, body, http.StatusOK, "API 令牌", "你还没有 API 令牌")

	status, body = c.post("/settings/tokens", url.Values{"name": {"数据同步脚本"}, "days": {"30"}})
	wantPage(t, "create", status, body, http.StatusOK, "令牌只显示这一次", `data-copy="#new-token"`, "数据同步脚本")
	m := newTokenInput.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("the new token is not shown: %.600s", body)
	}
	token := m[1]
	if u, _, err := app.Users.TokenUser(context.Background(), token); err != nil || u.ID != li.ID {
		t.Fatalf("TokenUser(shown token) = %v, %v", u, err)
	}
	_, body = c.get("/settings/tokens")
	if strings.Contains(body, token) || !strings.Contains(body, token[:12]) || !strings.Contains(body, "有效") {
		t.Errorf("the list shows the token or lacks its prefix: %.600s", body)
	}
	if e := app.lastAudit(); e.Action != "token.create" || e.UserID != li.ID || strings.Contains(e.Detail, token) {
		t.Errorf("audit entry %+v", e)
	}

	tokens, err := app.DB.ListAPITokens(context.Background(), li.ID)
	if err != nil || len(tokens) != 1 {
		t.Fatalf("ListAPITokens = %v, %v", tokens, err)
	}
	status, _ = c.post(fmt.Sprintf("/settings/tokens/%d/revoke", tokens[0].ID), nil)
	if status != http.StatusSeeOther {
		t.Fatalf("revoke: status %d", status)
	}
	if _, _, err := app.Users.TokenUser(context.Background(), token); !errs.Is(err, errs.Unauthorized) {
		t.Errorf("a revoked token still works: %v", err)
	}
	_, body = c.get("/settings/tokens?done=revoked")
	wantPage(t, "after revoke", http.StatusOK, body, http.StatusOK, "令牌已吊销。", "已吊销")
}

func TestTokenCreateErrors(t *testing.T) {
	app := newTestApp(t)
	app.addUser("li", user.Viewer, app.Account.ID)
	wang := app.addUser("wang", user.Viewer, app.Account.ID)
	_, theirs, err := app.Users.CreateToken(context.Background(), wang.ID, "wang's", 0)
	if err != nil {
		t.Fatal(err)
	}
	c := app.login("li")
	tests := []struct {
		name   string
		form   url.Values
		status int
		says   string
	}{
		{"no name", url.Values{"name": {" "}, "days": {"30"}}, http.StatusBadRequest, "令牌名称须为 1–64 个字符"},
		{"odd lifetime", url.Values{"name": {"x"}, "days": {"7"}}, http.StatusBadRequest, "请选择有效期"},
	}
	for _, tc := range tests {
		status, body := c.post("/settings/tokens", tc.form)
		wantPage(t, tc.name, status, body, tc.status, tc.says)
	}
	status, body, _ := c.htmx("POST", "/settings/tokens", url.Values{"name": {""}, "days": {"30"}})
	wantPage(t, "htmx error", status, body, http.StatusOK, `id="tokens-error"`)
	status, body = c.post(fmt.Sprintf("/settings/tokens/%d/revoke", theirs.ID), nil)
	wantPage(t, "someone else's token", status, body, http.StatusNotFound)
	if _, err := app.DB.APITokenByHash(context.Background(), theirs.Hash, app.H.Now()); err != nil {
		t.Errorf("wang's token was revoked by li: %v", err)
	}
}

func TestProfile(t *testing.T) {
	app := newTestApp(t)
	app.addUser("li", user.Agent, app.Account.ID)
	c := app.login("li")
	status, body := c.get("/settings/profile")
	wantPage(t, "show", status, body, http.StatusOK, "个人设置", "跟随浏览器", "修改密码")

	status, _ = c.post("/settings/profile", url.Values{"name": {"李四"}, "lang": {"en"}})
	if status != http.StatusSeeOther {
		t.Fatalf("save: status %d", status)
	}
	_, body = c.get("/settings/profile?done=saved")
	wantPage(t, "after saving English", http.StatusOK, body, http.StatusOK, "Profile", "Saved.", `value="李四"`)
	status, body = c.post("/settings/profile", url.Values{"name": {""}, "lang": {"en"}})
	wantPage(t, "empty name", status, body, http.StatusBadRequest, "name must not be empty")
	status, body = c.post("/settings/profile", url.Values{"name": {"李四"}, "lang": {"fr"}})
	wantPage(t, "unknown language", status, body, http.StatusBadRequest, "Unsupported language")
	if e := app.lastAudit(); e.Action != "profile.update" || e.Target != "li" {
		t.Errorf("audit entry %+v", e)
	}
}

func TestProfilePassword(t *testing.T) {
	app := newTestApp(t)
	app.addUser("li", user.Agent, app.Account.ID)
	c := app.login("li")
	other := app.login("li") // another browser
	change := func(current, next, confirm string) (int, string) {
		return c.post("/settings/profile/password", url.Values{"current": {current}, "new": {next}, "confirm": {confirm}})
	}
	status, body := change("wrong password", "新密码新密码新密码", "新密码新密码新密码")
	wantPage(t, "wrong current", status, body, http.StatusBadRequest, "当前密码不正确")
	status, body = change(testPassword, "新密码新密码新密码", "新密码新密码")
	wantPage(t, "mismatch", status, body, http.StatusBadRequest, "两次输入的新密码不一致")
	status, body = change(testPassword, "short", "short")
	wantPage(t, "too short", status, body, http.StatusBadRequest, "密码至少 8 个字符")

	status, _ = change(testPassword, "新密码新密码新密码", "新密码新密码新密码")
	if status != http.StatusSeeOther {
		t.Fatalf("change: status %d", status)
	}
	if status, body := c.get("/settings/profile?done=password"); status != http.StatusOK || !strings.Contains(body, "密码已修改") {
		t.Errorf("this browser was logged out: %d", status)
	}
	if status, _ := other.get("/"); status != http.StatusSeeOther {
		t.Errorf("the other browser is still logged in: %d", status)
	}
	if _, st := app.tryLogin("li", "新密码新密码新密码"); st != http.StatusSeeOther {
		t.Errorf("login with the new password: %d", st)
	}
	if e := app.lastAudit(); e.Action != "user.passwd" || e.Target != "li" {
		t.Errorf("audit entry %+v", e)
	}
}
