package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/autoreply"
)

func TestRulesVersionsRollbackDiff(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	status, body := a.viewer.get(a.path("/rules/versions"))
	wantPage(t, "versions for a viewer", status, body, http.StatusOK, `id="versions-table"`, "v2", "v1", "生效中", "park 成人 ¥150", "seed")
	if strings.Contains(body, "rollback-btn") {
		t.Error("a viewer sees rollback buttons")
	}
	_, body = a.op.get(a.path("/rules/versions"))
	wantPage(t, "versions for an operator", http.StatusOK, body, http.StatusOK, `class="btn btn-sm rollback-btn" data-version="1"`, "data-confirm=", "canary-start-btn")
	if strings.Contains(body, `rollback-btn" data-version="2"`) {
		t.Error("the active version offers a rollback")
	}

	if status, _ := a.op.post(a.path("/rules/rollback"), url.Values{"version": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("rollback: %d", status)
	}
	if a.activeVersion() != 1 {
		t.Fatalf("after rollback active v%d", a.activeVersion())
	}
	a.audited("rules.rollback", "rules v1")
	_, body = a.op.get(a.path("/rules?done=rolledback&v=1"))
	wantPage(t, "list after rollback", http.StatusOK, body, http.StatusOK, "已回滚到版本 v1", "成人 ¥150")

	for _, tt := range []struct {
		name, form string
		want       int
	}{{"missing version", "99", http.StatusNotFound}, {"no version", "", http.StatusBadRequest}, {"not a number", "v2", http.StatusBadRequest}} {
		if status, _ := a.op.post(a.path("/rules/rollback"), url.Values{"version": {tt.form}}); status != tt.want {
			t.Errorf("rollback with %s: %d, want %d", tt.name, status, tt.want)
		}
	}

	status, body = a.viewer.get(a.path("/rules/diff?from=1&to=2"))
	wantPage(t, "diff", status, body, http.StatusOK, `id="diff"`, `data-kind="changed"`, `data-field="replies"`, "text: 成人 ¥150", "text: 成人 ¥180",
		`<span class="op">-</span><span class="tx">        content: 成人 ¥150</span>`, `<span class="op">&#43;</span><span class="tx">        content: 成人 ¥180</span>`)
	for _, tt := range []struct {
		q    string
		want int
	}{{"?from=1&to=9", http.StatusNotFound}, {"?from=x", http.StatusBadRequest}, {"?to=1", http.StatusOK}, {"", http.StatusOK}} {
		if status, _ := a.viewer.get(a.path("/rules/diff" + tt.q)); status != tt.want {
			t.Errorf("diff%s: %d, want %d", tt.q, status, tt.want)
		}
	}
}

func TestRulesCanaryActions(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	start := url.Values{"version": {"1"}, "percent": {"30"}, "openids": {"o_vip"}}
	if status, _ := a.op.post(a.path("/rules/canary"), start); status != http.StatusSeeOther {
		t.Fatalf("start canary: %d", status)
	}
	a.audited("rules.canary.start", "rules v1")
	_, body := a.op.get(a.path("/rules/versions"))
	wantPage(t, "versions with a canary", http.StatusOK, body, http.StatusOK, "灰度中")
	if status, _ := a.op.post(a.path("/rules/canary"), url.Values{"version": {"2"}, "percent": {"30"}}); status != http.StatusConflict {
		t.Errorf("canary of the active version: %d", status)
	}
	if status, _ := a.op.post(a.path("/rules/canary"), url.Values{"version": {"1"}, "percent": {"300"}}); status != http.StatusBadRequest {
		t.Errorf("canary at 300%%: %d", status)
	}
	if status, _ := a.op.post(a.path("/rules/canary/stop"), nil); status != http.StatusSeeOther {
		t.Fatalf("stop: %d", status)
	}
	a.audited("rules.canary.stop", "rules v1")
	if e, _ := a.H.Rules.EngineFor(context.Background(), a.Account.ID, "o_vip"); e.Version() != 2 {
		t.Errorf("after stop the tester gets v%d", e.Version())
	}
	if status, _ := a.op.post(a.path("/rules/canary/stop"), nil); status != http.StatusNotFound {
		t.Errorf("stop without a canary: %d", status)
	}
	if status, _ := a.op.post(a.path("/rules/canary"), start); status != http.StatusSeeOther {
		t.Fatal("restart canary")
	}
	if status, _ := a.op.post(a.path("/rules/canary/promote"), nil); status != http.StatusSeeOther || a.activeVersion() != 1 {
		t.Fatalf("promote: %d, active v%d", status, a.activeVersion())
	}
	a.audited("rules.canary.promote", "rules v1")
	if status, _ := a.op.post(a.path("/rules/canary/promote"), nil); status != http.StatusNotFound {
		t.Errorf("promote without a canary: %d", status)
	}
}

func TestRulesDryrun(t *testing.T) {
	t.Parallel()
	a := newRulesApp(t)
	if _, err := a.H.Rules.StartCanary(context.Background(), autoreply.Canary{AccountID: a.Account.ID, Version: 1, OpenIDs: []string{"o_vip"}}); err != nil {
		t.Fatal(err)
	}
	status, body := a.viewer.get(a.path("/rules/dryrun"))
	wantPage(t, "dry-run form", status, body, http.StatusOK, `id="dryrun-form"`, `<option value="canary"`, "灰度版本 v1", `id="dryrun-result"`)
	monday, saturday := "2026-11-23T10:00", "2026-11-28T10:00"
	draft := strings.Replace(exportActive(t, a), "成人 ¥180", "草稿价 ¥1", 1)
	tests := []struct {
		name string
		form url.Values
		want []string
	}{
		{"active keyword", url.Values{"target": {"active"}, "text": {"请问门票多少钱"}, "at": {monday}},
			[]string{"生效版本 v2 的结果", "由规则 #2「门票 Tickets」回复", "成人 ¥180", "半匹配关键词「门票」", `class="won"`}},
		{"outside its hours", url.Values{"text": {"门票"}, "at": {saturday}},
			[]string{"由规则 #4「默认 Default」回复", "不在生效时间", "转人工"}},
		{"canary", url.Values{"target": {"canary"}, "text": {"门票"}, "at": {monday}, "openid": {"o_vip"}},
			[]string{"灰度版本 v1 的结果", "成人 ¥150", "会收到灰度版本的回复"}},
		{"follower on the active side", url.Values{"text": {"门票"}, "at": {monday}, "openid": {"o_nobody"}},
			[]string{"会收到生效版本的回复"}},
		{"draft", url.Values{"target": {"draft"}, "yaml": {draft}, "text": {"票价"}, "at": {monday}},
			[]string{"草稿的结果", "草稿价 ¥1", "全匹配关键词「票价」"}},
		{"draft with problems", url.Values{"target": {"draft"}, "yaml": {"rules:\n  - name: x\n    trigger: nope\n    replies: [{type: text, content: y}]\n"}, "text": {"x"}},
			[]string{"发现 1 处问题", "第 2 行", "未知的触发方式"}},
		{"menu click", url.Values{"kind": {"click"}, "key": {"MENU_COUPON"}}, []string{"¥3 优惠券", "菜单 key「MENU_COUPON」"}},
		{"QR follow", url.Values{"kind": {"subscribe"}, "key": {"store_001"}}, []string{"欢迎关注乐园", "所有关注"}},
		{"nothing answers a scan", url.Values{"kind": {"scan"}, "key": {"gate"}}, []string{"没有规则回复这条消息", "没有规则匹配"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, _ := a.viewer.htmx("POST", a.path("/rules/dryrun"), tt.form)
			wantPage(t, tt.name, status, body, http.StatusOK, tt.want...)
			if strings.Contains(body, "<html") {
				t.Error("htmx got a whole page")
			}
		})
	}
	status, body = a.viewer.post(a.path("/rules/dryrun"), url.Values{"text": {"门票"}, "at": {monday}})
	wantPage(t, "plain form post", status, body, http.StatusOK, "<html", `id="dryrun-result"`, "成人 ¥180")
	for _, tt := range []struct {
		name string
		form url.Values
		want int
	}{
		{"empty text", url.Values{"text": {" "}}, http.StatusBadRequest},
		{"bad time", url.Values{"text": {"a"}, "at": {"tomorrow"}}, http.StatusBadRequest},
		{"unknown kind", url.Values{"kind": {"shake"}}, http.StatusBadRequest},
	} {
		if status, _, _ := a.viewer.htmx("POST", a.path("/rules/dryrun"), tt.form); status != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, status, tt.want)
		}
	}
	if err := a.H.Rules.StopCanary(context.Background(), a.Account.ID); err != nil {
		t.Fatal(err)
	}
	if status, _, _ := a.viewer.htmx("POST", a.path("/rules/dryrun"), url.Values{"target": {"canary"}, "text": {"a"}}); status != http.StatusBadRequest {
		t.Errorf("canary dry-run without a canary: %d", status)
	}
}
