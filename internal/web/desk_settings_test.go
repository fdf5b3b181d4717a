package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// deskSettingsApp has an admin, an agent on the account and an owner of
// every account (a membership that must stay an AllAccounts one).
func deskSettingsApp(t *testing.T) (app *testApp, agent, owner *user.User) {
	app = newTestApp(t)
	app.addUser("li", user.Admin, app.Account.ID)
	agent = app.addUser("wang", user.Agent, app.Account.ID)
	owner = app.addUser("boss", user.Owner, user.AllAccounts)
	return app, agent, owner
}

func (a *testApp) membershipsOf(u *user.User) []user.Membership {
	a.t.Helper()
	ms, err := a.DB.Memberships(context.Background(), u.ID)
	if err != nil {
		a.t.Fatalf("memberships of %s: %v", u.Login, err)
	}
	return ms
}

func (a *testApp) deskSettings() inbox.Settings {
	a.t.Helper()
	s, err := a.H.Desk.Settings(context.Background(), a.Account.ID)
	if err != nil {
		a.t.Fatalf("desk settings: %v", err)
	}
	return s
}

func TestDeskSettingsSave(t *testing.T) {
	app, agent, owner := deskSettingsApp(t)
	c := app.login("li")
	path := "/a/" + app.Account.AppID + "/inbox/settings"
	status, body := c.get(path)
	wantPage(t, "settings page", status, body, http.StatusOK, `id="desk-settings-form"`,
		fmt.Sprintf(`name="capacity_%d"`, agent.ID), "适用于全部公众号", `value="handoff" id="open-on-handoff" checked`)
	if strings.Contains(body, fmt.Sprintf(`name="capacity_%d"`, owner.ID)) {
		t.Errorf("the AllAccounts owner's capacity is editable")
	}
	status, body = c.get("/a/" + app.Account.AppID + "/inbox")
	wantPage(t, "inbox for an admin", status, body, http.StatusOK, `href="`+path+`"`)

	form := url.Values{"open_on": {"all"}, "default_capacity": {"5"},
		fmt.Sprintf("capacity_%d", agent.ID): {"3"}, fmt.Sprintf("capacity_%d", owner.ID): {"9"}}
	status, body = c.post(path, form)
	wantPage(t, "save", status, body, http.StatusSeeOther)

	s := app.deskSettings()
	if s.OpenOn != inbox.OpenOnAll || s.AutoAssign || s.DefaultCapacity != 5 {
		t.Errorf("settings = %+v, want open_on all, no auto-assign, default 5", s)
	}
	want := []user.Membership{{UserID: agent.ID, AccountID: app.Account.ID, Role: user.Agent, Capacity: 3}}
	if got := app.membershipsOf(agent); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("agent memberships = %+v, want %+v", got, want)
	}
	want = []user.Membership{{UserID: owner.ID, AccountID: user.AllAccounts, Role: user.Owner}}
	if got := app.membershipsOf(owner); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("owner memberships = %+v, want them untouched %+v", got, want)
	}
	entries, err := app.DB.ListAudit(context.Background(), user.AuditFilter{Action: "desk.settings"})
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "capacity wang 0→3") {
		t.Errorf("audit = %+v, %v; want one desk.settings entry with the capacity change", entries, err)
	}
	status, body = c.get(path + "?done=saved")
	wantPage(t, "page after saving", status, body, http.StatusOK, "客服设置已保存",
		`value="all" id="open-on-all" checked`, `value="3"`)
}

func TestDeskSettingsNeedAdmin(t *testing.T) {
	app, _, _ := deskSettingsApp(t)
	c := app.login("wang")
	path := "/a/" + app.Account.AppID + "/inbox/settings"
	status, body := c.get(path)
	wantPage(t, "agent GET", status, body, http.StatusForbidden)
	status, body = c.post(path, url.Values{"open_on": {"never"}, "default_capacity": {"1"}})
	wantPage(t, "agent POST", status, body, http.StatusForbidden)
	if _, body = c.get("/a/" + app.Account.AppID + "/inbox"); strings.Contains(body, "desk-settings-link") {
		t.Errorf("an agent's inbox links to the desk settings")
	}
	if s := app.deskSettings(); s != inbox.DefaultSettings(app.Account.ID) {
		t.Errorf("settings = %+v after an agent's POST, want the defaults", s)
	}
}

func TestDeskSettingsRejectsBadInput(t *testing.T) {
	app, agent, _ := deskSettingsApp(t)
	capField := fmt.Sprintf("capacity_%d", agent.ID)
	tests := []struct {
		name, field, value, want string
	}{
		{"capacity too high", capField, "1001", "wang 的接待上限须为 0 到 1000 之间的整数"},
		{"negative capacity", capField, "-1", "wang 的接待上限须为 0 到 1000 之间的整数"},
		{"capacity not a number", capField, "many", "wang 的接待上限须为 0 到 1000 之间的整数"},
		{"default too high", "default_capacity", "2000", "默认接待上限须为 0 到 1000 之间的整数"},
		{"unknown open_on", "open_on", "sometimes", "会话开启方式须为 handoff、all 或 never"},
	}
	c := app.login("li")
	path := "/a/" + app.Account.AppID + "/inbox/settings"
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{"open_on": {"all"}, "auto_assign": {"1"}, "default_capacity": {"4"}, capField: {"2"}}
			form.Set(tt.field, tt.value)
			status, body := c.post(path, form)
			wantPage(t, tt.name, status, body, http.StatusBadRequest, `id="desk-settings-error"`, tt.want)
			if s := app.deskSettings(); s != inbox.DefaultSettings(app.Account.ID) {
				t.Errorf("settings = %+v after a rejected form, want the defaults", s)
			}
			if ms := app.membershipsOf(agent); len(ms) != 1 || ms[0].Capacity != 0 {
				t.Errorf("agent memberships = %+v after a rejected form, want capacity 0", ms)
			}
		})
	}
	c.lang = "en"
	status, body := c.post(path, url.Values{"open_on": {"all"}, "default_capacity": {"4"}, capField: {"1001"}})
	wantPage(t, "english error", status, body, http.StatusBadRequest, "The capacity of wang must be a whole number from 0 to 1000")
}

func TestDeskSettingsNeedCSRF(t *testing.T) {
	app, agent, _ := deskSettingsApp(t)
	c := app.login("li")
	form := url.Values{"open_on": {"never"}, "default_capacity": {"2"}, fmt.Sprintf("capacity_%d", agent.ID): {"7"}}
	status, body := c.do("POST", "/a/"+app.Account.AppID+"/inbox/settings", form, nil)
	wantPage(t, "POST without token", status, body, http.StatusForbidden, "CSRF")
	if s := app.deskSettings(); s != inbox.DefaultSettings(app.Account.ID) {
		t.Errorf("settings = %+v after a POST without token, want the defaults", s)
	}
	if ms := app.membershipsOf(agent); len(ms) != 1 || ms[0].Capacity != 0 {
		t.Errorf("agent memberships = %+v, want capacity 0", ms)
	}
}
