package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat"
)

// rulesApp is a test app whose account has two rule versions (v2 active),
// and an operator, a viewer and an agent of another account logged in.
type rulesApp struct {
	*testApp
	op, viewer, outsider *client
}

func newRulesApp(t *testing.T) *rulesApp {
	t.Helper()
	app := newTestApp(t)
	other := app.addAccount("wxother0000000001", "别的号")
	app.addUser("ops", user.Operator, app.Account.ID)
	app.addUser("watcher", user.Viewer, app.Account.ID)
	app.addUser("stranger", user.Agent, other.ID)
	for _, reply := range []string{"成人 ¥150", "成人 ¥180"} {
		if _, err := app.H.Rules.Save(context.Background(), parkRules(app.Account.ID, reply)); err != nil {
			t.Fatalf("save rules: %v", err)
		}
	}
	return &rulesApp{testApp: app, op: app.login("ops"), viewer: app.login("watcher"), outsider: app.login("stranger")}
}

// parkRules is a small rule set: a welcome, a ticket keyword rule with
// hours, a menu click and a default.
func parkRules(accountID int64, ticketReply string) *autoreply.RuleSet {
	text := func(s string) []wechat.Reply { return []wechat.Reply{{Type: wechat.ReplyText, Content: s}} }
	return &autoreply.RuleSet{AccountID: accountID, Author: "seed", Note: "park " + ticketReply, Rules: []autoreply.Rule{
		{ID: 1, Name: "欢迎 Welcome", Trigger: autoreply.TriggerSubscribe, Replies: text("欢迎关注乐园")},
		{ID: 2, Name: "门票 Tickets", Trigger: autoreply.TriggerKeyword, Priority: 10,
			Keywords: []autoreply.Keyword{{Text: "门票", Match: autoreply.MatchContains}, {Text: "票价", Match: autoreply.MatchExact}},
			Hours:    &autoreply.Hours{Days: []int{1, 2, 3, 4, 5}, From: "00:00", To: "23:59"}, Replies: text(ticketReply)},
		{ID: 3, Name: "领券 Coupon", Trigger: autoreply.TriggerClick, Keys: []string{"MENU_COUPON"}, Replies: text("¥3 优惠券")},
		{ID: 4, Name: "默认 Default", Trigger: autoreply.TriggerDefault, Handoff: true, Replies: text("收到，稍后回复")},
	}}
}

func (a *rulesApp) path(s string) string { return "/a/" + a.Account.AppID + s }

// activeVersion is the version the registry answers everyone with.
func (a *rulesApp) activeVersion() int64 {
	a.t.Helper()
	e, err := a.H.Rules.Engine(context.Background(), a.Account.ID)
	if err != nil {
		a.t.Fatal(err)
	}
	return e.Version()
}

// audited asserts that the newest audit entry of action names target.
func (a *rulesApp) audited(action, target string) {
	a.t.Helper()
	es, err := a.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: a.Account.ID, Action: action, Limit: 1})
	if err != nil || len(es) == 0 {
		a.t.Fatalf("no audit entry %s: %v", action, err)
	}
	if es[0].Target != target || es[0].UserName != "ops" {
		a.t.Errorf("audit %s = %+v, want target %q by ops", action, es[0], target)
	}
}

func TestRulesPagePermissions(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	anon := a.anonymous()
	tests := []struct {
		name   string
		c      *client
		method string
		path   string
		want   int
	}{
		{"anonymous list", anon, "GET", "/rules", http.StatusSeeOther},
		{"anonymous save", anon, "POST", "/rules/save", http.StatusUnauthorized},
		{"viewer list", a.viewer, "GET", "/rules", http.StatusOK},
		{"viewer versions", a.viewer, "GET", "/rules/versions", http.StatusOK},
		{"viewer diff", a.viewer, "GET", "/rules/diff?from=1&to=2", http.StatusOK},
		{"viewer dry-run form", a.viewer, "GET", "/rules/dryrun", http.StatusOK},
		{"viewer dry-run", a.viewer, "POST", "/rules/dryrun", http.StatusOK},
		{"viewer editor", a.viewer, "GET", "/rules/edit", http.StatusForbidden},
		{"viewer save", a.viewer, "POST", "/rules/save", http.StatusForbidden},
		{"viewer keyword", a.viewer, "POST", "/rules/keyword", http.StatusForbidden},
		{"viewer rollback", a.viewer, "POST", "/rules/rollback", http.StatusForbidden},
		{"viewer canary", a.viewer, "POST", "/rules/canary", http.StatusForbidden},
		{"viewer promote", a.viewer, "POST", "/rules/canary/promote", http.StatusForbidden},
		{"viewer stop", a.viewer, "POST", "/rules/canary/stop", http.StatusForbidden},
		{"other account's agent", a.outsider, "GET", "/rules", http.StatusForbidden},
		{"operator editor", a.op, "GET", "/rules/edit", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var status int
			if tt.method == "GET" {
				status, _ = tt.c.get(a.path(tt.path))
			} else {
				status, _ = tt.c.post(a.path(tt.path), url.Values{"text": {"门票"}})
			}
			if status != tt.want {
				t.Errorf("%s %s = %d, want %d", tt.method, tt.path, status, tt.want)
			}
		})
	}
	status, _ := a.op.post(a.path("/rules/rollback"), url.Values{"version": {"1"}, "csrf": {"forged"}})
	if status != http.StatusForbidden || a.activeVersion() != 2 {
		t.Errorf("rollback with a forged CSRF token: %d, active v%d", status, a.activeVersion())
	}
}

func TestRulesListPage(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	status, body := a.viewer.get(a.path("/rules"))
	wantPage(t, "rules list", status, body, http.StatusOK, `id="rules-table"`, "生效版本 v2", "门票 Tickets", "门票 · 半匹配",
		"票价 · 全匹配", "成人 ¥180", "周一、周二、周三、周四、周五 00:00–23:59", "MENU_COUPON", "转人工", "没有进行中的灰度")
	if strings.Contains(body, `id="rules-edit-link"`) || strings.Contains(body, "canary-promote-btn") {
		t.Error("a viewer sees the change buttons")
	}
	a.viewer.lang = "en"
	_, body = a.viewer.get(a.path("/rules"))
	wantPage(t, "rules list in English", http.StatusOK, body, http.StatusOK, "Active: v2", "门票 · contains", "Mon, Tue, Wed, Thu, Fri 00:00–23:59", "No canary is running")
	_, body = a.op.get(a.path("/rules"))
	wantPage(t, "operator's rules list", http.StatusOK, body, http.StatusOK, `id="rules-edit-link"`, "/rules/edit?rule=2")
}

func TestRulesEditorSavesYAML(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	status, body := a.op.get(a.path("/rules/edit"))
	wantPage(t, "editor", status, body, http.StatusOK, `id="rules-yaml"`, `id="rules-save-btn"`, "name: 门票 Tickets", "content: 成人 ¥180", `id="keyword-form"`)

	bad := "rules:\n  - name: x\n    trigger: keyword\n    keywrods: [{text: a}]\n"
	status, body = a.op.post(a.path("/rules/save"), url.Values{"yaml": {bad}})
	wantPage(t, "save with an unknown field", status, body, http.StatusUnprocessableEntity, "第 4 行", "keywrods", `data-line="4"`, "keywrods: [{text: a}]")
	invalid := "rules:\n  - id: 1\n    name: a\n    trigger: keyword\n    replies: [{type: text, content: x}]\n  - id: 1\n    name: b\n    trigger: default\n    replies: [{type: text, content: y}]\n"
	a.op.lang = "en"
	status, body = a.op.post(a.path("/rules/save"), url.Values{"yaml": {invalid}})
	wantPage(t, "save of invalid rules", status, body, http.StatusUnprocessableEntity, "Line 2", "Line 6", "no keywords", "duplicate rule id 1")
	if a.activeVersion() != 2 {
		t.Fatalf("a refused save changed the rules: v%d", a.activeVersion())
	}

	good := strings.Replace(exportActive(t, a), "成人 ¥180", "成人 ¥199", 1)
	status, _ = a.op.post(a.path("/rules/save"), url.Values{"yaml": {good}, "mode": {"activate"}, "note": {"涨价"}})
	if status != http.StatusSeeOther || a.activeVersion() != 3 {
		t.Fatalf("save: status %d, active v%d", status, a.activeVersion())
	}
	rs, err := a.H.Rules.RuleSet(context.Background(), a.Account.ID, 3)
	if err != nil || rs.Note != "涨价" || rs.Author != "ops" || rs.Rules[1].Replies[0].Content != "成人 ¥199" || rs.Rules[1].ID != 2 {
		t.Fatalf("saved version: %+v, %v", rs, err)
	}
	a.audited("rules.save", "rules v3")
	_, body = a.op.get(a.path("/rules?done=saved&v=3"))
	wantPage(t, "after save", http.StatusOK, body, http.StatusOK, `id="rules-done"`, "成人 ¥199")
}

// exportActive is the active version's YAML as the editor shows it.
func exportActive(t *testing.T, a *rulesApp) string {
	t.Helper()
	rs, err := a.H.Rules.RuleSet(context.Background(), a.Account.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := autoreply.Export(&autoreply.RuleSet{Rules: rs.Rules}, "yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRulesEditorSavesCanary(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	yaml := strings.Replace(exportActive(t, a), "成人 ¥180", "成人 ¥99 限时", 1)
	status, body := a.op.post(a.path("/rules/save"), url.Values{"yaml": {yaml}, "mode": {"canary"}})
	wantPage(t, "canary for nobody", status, body, http.StatusUnprocessableEntity, "灰度发布需要设置粉丝比例或测试粉丝")
	status, body = a.op.post(a.path("/rules/save"), url.Values{"yaml": {yaml}, "mode": {"canary"}, "percent": {"many"}})
	wantPage(t, "canary with a bad percent", status, body, http.StatusUnprocessableEntity, "灰度比例应为 0 到 100 的整数")

	form := url.Values{"yaml": {yaml}, "mode": {"canary"}, "percent": {"5"}, "openids": {"o_tester_1, o_tester_2"}}
	if status, _ := a.op.post(a.path("/rules/save"), form); status != http.StatusSeeOther {
		t.Fatalf("save as canary: %d", status)
	}
	if a.activeVersion() != 2 {
		t.Fatalf("a canary changed the active version to v%d", a.activeVersion())
	}
	e, err := a.H.Rules.EngineFor(context.Background(), a.Account.ID, "o_tester_2")
	if err != nil || e.Version() != 3 {
		t.Fatalf("test follower gets %v, %v; want v3", e, err)
	}
	a.audited("rules.canary.start", "rules v3")
	_, body = a.viewer.get(a.path("/rules"))
	wantPage(t, "list with a canary", http.StatusOK, body, http.StatusOK, `id="canary-badge"`, "v3 灰度中", `id="canary-percent">5%`,
		"o_tester_1", "o_tester_2", "新增 0、删除 0、修改 1 条", "/rules/diff?from=2&amp;to=3")
}

func TestRulesKeywordForm(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	_, body := a.op.get(a.path("/rules/edit?rule=2"))
	wantPage(t, "form for rule 2", http.StatusOK, body, http.StatusOK, `<option value="2" selected>`, `value="门票 Tickets"`, "门票\n票价", "成人 ¥180",
		"多种匹配方式", `name="days" value="5" checked`)

	add := url.Values{"rule_id": {"0"}, "name": {"停车 Parking"}, "keywords": {"停车\n 车位 \n"}, "match": {"contains"},
		"reply": {"东门停车场"}, "priority": {"5"}, "from": {"09:00"}, "to": {"18:00"}, "days": {"6", "7"}, "handoff": {"1"}}
	if status, body := a.op.post(a.path("/rules/keyword"), add); status != http.StatusSeeOther {
		t.Fatalf("add keyword rule: %d %.300s", status, body)
	}
	rs, _ := a.H.Rules.RuleSet(context.Background(), a.Account.ID, 0)
	got := rs.Rules[len(rs.Rules)-1]
	if rs.Version != 3 || len(rs.Rules) != 5 || got.ID != 5 || len(got.Keywords) != 2 || got.Keywords[1].Text != "车位" ||
		got.Hours == nil || got.Hours.From != "09:00" || len(got.Hours.Days) != 2 || !got.Handoff || got.Priority != 5 {
		t.Fatalf("added rule: v%d %+v", rs.Version, got)
	}
	change := url.Values{"rule_id": {"2"}, "name": {"门票 Tickets"}, "keywords": {"门票"}, "match": {"exact"}, "reply": {"成人 ¥200"}}
	if status, _ := a.op.post(a.path("/rules/keyword"), change); status != http.StatusSeeOther {
		t.Fatalf("change keyword rule: %d", status)
	}
	rs, _ = a.H.Rules.RuleSet(context.Background(), a.Account.ID, 0)
	if r := rs.Rules[1]; rs.Version != 4 || r.ID != 2 || r.Hours != nil || r.Replies[0].Content != "成人 ¥200" || r.Keywords[0].Match != "exact" {
		t.Fatalf("changed rule: v%d %+v", rs.Version, r)
	}
	a.audited("rules.save", "rules v4")

	tests := []struct {
		name string
		form url.Values
		want string
	}{
		{"no keywords", url.Values{"name": {"x"}, "reply": {"y"}, "match": {"contains"}}, "关键词规则至少需要一个关键词"},
		{"bad hours", url.Values{"name": {"x"}, "keywords": {"a"}, "reply": {"y"}, "from": {"9点"}, "to": {"18:00"}}, "生效时间的开始时间"},
		{"unknown rule", url.Values{"rule_id": {"99"}, "keywords": {"a"}, "reply": {"y"}}, "当前生效版本中没有规则 99"},
		{"bad priority", url.Values{"keywords": {"a"}, "reply": {"y"}, "priority": {"high"}}, "优先级应为整数"},
	}
	for _, tt := range tests {
		status, body := a.op.post(a.path("/rules/keyword"), tt.form)
		wantPage(t, tt.name, status, body, http.StatusUnprocessableEntity, `id="keyword-errors"`, tt.want)
	}
	if a.activeVersion() != 4 {
		t.Errorf("refused forms changed the rules: v%d", a.activeVersion())
	}
}
