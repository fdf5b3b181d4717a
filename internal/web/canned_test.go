package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/user"
)

func TestCannedReplies(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("agent", user.Agent, app.Account.ID)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	op, agent := app.login("op"), app.login("agent")
	list := app.path("/canned")

	status, body := op.get(list)
	wantPage(t, "empty list", status, body, http.StatusOK, `id="canned-form"`, "还没有快捷回复")
	refund := url.Values{"shortcut": {"退款"}, "title": {"退款流程"}, "content": {"请在订单页点击「申请退款」，3 个工作日内原路退回。"}}
	status, body = op.post(list, refund)
	wantPage(t, "create", status, body, http.StatusSeeOther)
	status, body = op.post(list, url.Values{"shortcut": {"/hours"}, "title": {"营业时间"}, "content": {"每天 9:00–21:00"}})
	wantPage(t, "create another", status, body, http.StatusSeeOther)

	tests := []struct {
		name   string
		c      *client
		form   url.Values
		status int
	}{
		{"shortcut taken", op, refund, http.StatusConflict},
		{"no content", op, url.Values{"shortcut": {"/x"}, "title": {"t"}}, http.StatusBadRequest},
		{"agent may not create", agent, url.Values{"shortcut": {"/y"}, "title": {"t"}, "content": {"c"}}, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := tt.c.post(list, tt.form)
			wantPage(t, tt.name, status, body, tt.status)
		})
	}

	status, body = agent.get(list)
	wantPage(t, "agent view", status, body, http.StatusOK, `id="canned-table"`, "/退款", "退款流程", "/hours")
	if strings.Contains(body, `id="canned-form"`) || strings.Contains(body, "canned-delete") {
		t.Errorf("an agent sees the editing controls")
	}
	status, body = agent.get(list + "?q=" + url.QueryEscape("营业"))
	wantPage(t, "search", status, body, http.StatusOK, "/hours")
	if strings.Contains(body, "/退款") {
		t.Errorf("search for 营业 lists /退款")
	}
	t.Run("pick", func(t *testing.T) { testCannedPick(t, app, agent) })
	t.Run("edit and delete", func(t *testing.T) { testCannedEdit(t, app, op, agent) })
	status, _ = app.login("viewer").get(list)
	wantPage(t, "viewer", status, "", http.StatusForbidden)
}

func testCannedPick(t *testing.T, app *testApp, agent *client) {
	pick := app.path("/canned/pick")
	status, body, _ := agent.htmx("GET", pick+"?q="+url.QueryEscape("/退"), nil)
	wantPage(t, "pick", status, body, http.StatusOK, `<ul class="canned-pick">`,
		`data-text="请在订单页点击「申请退款」，3 个工作日内原路退回。"`, "/退款", "退款流程")
	if strings.Contains(body, "/hours") || strings.Contains(body, "<html") {
		t.Errorf("pick is not the matching fragment: %s", body)
	}
	_, body, _ = agent.htmx("GET", pick+"?q=", nil)
	if strings.Count(body, "data-text=") != 2 {
		t.Errorf("an empty query should offer every canned reply: %s", body)
	}
	_, body, _ = agent.htmx("GET", pick+"?q=nothing", nil)
	wantPage(t, "pick nothing", http.StatusOK, body, http.StatusOK, "canned-pick-empty")
	other := app.addAccount("wxtest00000000002", "另一个号")
	status, _, _ = agent.htmx("GET", "/a/"+other.AppID+"/canned/pick?q=", nil)
	wantPage(t, "another account's pick", status, "", http.StatusForbidden)
}

func testCannedEdit(t *testing.T, app *testApp, op, agent *client) {
	_, body := op.get(app.path("/canned?q=hours"))
	id := idOfRow(t, body, "/hours")
	status, body := op.get(app.path("/canned?edit=" + id))
	wantPage(t, "edit form", status, body, http.StatusOK, `class="canned-form canned-edit"`, `value="/hours"`)
	status, _ = op.post(app.path("/canned/"+id), url.Values{"shortcut": {"/营业"}, "title": {"营业时间"}, "content": {"每天 10:00–22:00"}})
	wantPage(t, "update", status, "", http.StatusSeeOther)
	status, _ = op.post(app.path("/canned/"+id), url.Values{"shortcut": {"/退款"}, "title": {"t"}, "content": {"c"}})
	wantPage(t, "update to a taken shortcut", status, "", http.StatusConflict)
	status, _ = agent.post(app.path("/canned/"+id+"/delete"), nil)
	wantPage(t, "agent delete", status, "", http.StatusForbidden)
	_, body = agent.get(app.path("/canned"))
	wantPage(t, "after update", http.StatusOK, body, http.StatusOK, "/营业", "每天 10:00–22:00")
	status, _ = op.post(app.path("/canned/"+id+"/delete"), nil)
	wantPage(t, "delete", status, "", http.StatusSeeOther)
	status, _ = op.post(app.path("/canned/"+id+"/delete"), nil)
	wantPage(t, "delete twice", status, "", http.StatusNotFound)
	_, body = agent.get(app.path("/canned"))
	if strings.Contains(body, "/营业") {
		t.Errorf("deleted canned reply still listed")
	}
}

// idOfRow finds the id of the canned reply row with the given shortcut.
func idOfRow(t *testing.T, body, shortcut string) string {
	t.Helper()
	i := strings.Index(body, `data-shortcut="`+shortcut+`"`)
	if i < 0 {
		t.Fatalf("no row for %s", shortcut)
	}
	j := strings.LastIndex(body[:i], `id="canned-`)
	rest := body[j+len(`id="canned-`):]
	return rest[:strings.Index(rest, `"`)]
}
