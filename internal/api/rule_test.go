package api

import (
	"testing"
)

const jsonRules = `{"note": "json upload", "rules": [
  {"name": "问候", "trigger": "keyword", "keywords": [{"text": "hello", "match": "contains"}],
   "replies": [{"type": "text", "content": "Hi!"}]}]}`

func TestRuleScenarios(t *testing.T) {
	const rules = "/api/v1/accounts/{a}/rules"
	runScenarios(t, []scenario{
		{name: "active set", method: "GET", path: rules, as: "token:viewer", status: 200,
			want: map[string]any{"version": 1, "active": true, "note": "first", "#rules": 3, "rules.0.name": "问候",
				"rules.0.keywords.0.match": "exact", "rules.2.trigger": "default", "created_at": present, "canary": absent}},
		{name: "account without rules", method: "GET", path: "/api/v1/accounts/{b}/rules", as: "token:outsider", status: 200,
			want: map[string]any{"version": 0, "#rules": 0}},
		{name: "versions", method: "GET", path: rules + "/versions", as: "token:viewer", status: 200,
			want: map[string]any{"#items": 1, "items.0.version": 1, "items.0.rules": 3, "items.0.active": true, "next": absent}},
		{name: "new version from YAML", method: "POST", path: rules + "?note=from+the+API", as: "token:operator",
			body: testRules, ctype: "application/yaml", status: 201,
			want:  map[string]any{"version": 2, "active": true, "note": "from the API", "author": "客服 operator", "#rules": 3},
			audit: "rules.save"},
		{name: "new version from JSON", method: "POST", path: rules, as: "session:owner", body: jsonRules, status: 201,
			want:  map[string]any{"version": 2, "note": "json upload", "rules.0.keywords.0.text": "hello", "rules.0.id": present},
			audit: "rules.save"},
		{name: "invalid rule file", method: "POST", path: rules, as: "token:operator",
			body: "rules:\n  - name: x\n    trigger: keyword\n    replies: []\n", ctype: "application/yaml", status: 400,
			want: map[string]any{"error.code": "invalid", "error.message": present}},
		{name: "misspelt field", method: "POST", path: rules, as: "token:operator",
			body: `{"rules": [{"name": "x", "trigger": "default", "replys": []}]}`, status: 400,
			want: map[string]any{"error.code": "invalid"}},
		{name: "canary needs a split", method: "POST", path: rules + "?activate=false", as: "token:operator",
			body: testRules, ctype: "application/yaml", status: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "canary", method: "POST", path: rules + "?activate=false&canary_percent=10&canary_openids=o_test1,o_test2",
			as: "token:operator", body: testRules, ctype: "application/yaml", status: 201,
			want: map[string]any{"version": 2, "active": false, "canary.version": 2, "canary.percent": 10,
				"#canary.openids": 2, "canary.openids.1": "o_test2"},
			audit: "rules.canary.start"},
		{name: "canary split without activate=false", method: "POST", path: rules + "?canary_percent=10",
			as: "token:operator", body: testRules, ctype: "application/yaml", status: 400},
		{name: "rollback to an unknown version", method: "POST", path: rules + "/rollback", as: "token:operator",
			body: `{"version": 99}`, status: 404, want: map[string]any{"error.code": "not_found"}},
		{name: "rollback without a version", method: "POST", path: rules + "/rollback", as: "token:operator",
			body: `{}`, status: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "rollback body not JSON", method: "POST", path: rules + "/rollback", as: "token:operator",
			body: `version=1`, ctype: "application/x-www-form-urlencoded", status: 400},
		{name: "dry run of a keyword", method: "POST", path: rules + "/test", as: "token:viewer",
			body: `{"text": "你好"}`, status: 200,
			want: map[string]any{"version": 1, "matched": true, "rule.name": "问候", "reply.type": "text",
				"reply.content": "您好！有什么可以帮您？", "handoff": false, "candidates.0.won": true, "explanation": present}},
		{name: "dry run of a menu click", method: "POST", path: rules + "/test", as: "session:agent",
			body: `{"event": "click", "key": "PROMO"}`, status: 200,
			want: map[string]any{"matched": true, "rule.name": "菜单活动", "candidates.0.why": `menu key "PROMO" (菜单 key)`}},
		{name: "dry run falls to the default rule", method: "POST", path: rules + "/test", as: "token:viewer",
			body: `{"text": "退款"}`, status: 200, want: map[string]any{"rule.name": "默认", "handoff": true}},
		{name: "dry run without input", method: "POST", path: rules + "/test", as: "token:viewer",
			body: `{}`, status: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "dry run of an unknown version", method: "POST", path: rules + "/test", as: "token:viewer",
			body: `{"text": "你好", "version": 7}`, status: 404},
	})
}

// TestRuleVersionPaging walks the versions two at a time with the cursor.
func TestRuleVersionPaging(t *testing.T) {
	h := newHarness(t)
	for range 4 {
		if w := h.request("POST", "/api/v1/accounts/"+h.a.AppID+"/rules", "token:operator", testRules, "application/yaml"); w.Code != 201 {
			t.Fatalf("save rules = %d: %s", w.Code, w.Body.String())
		}
	}
	var seen []any
	path := "/api/v1/accounts/" + h.a.AppID + "/rules/versions?limit=2"
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		body := decode(t, h.request("GET", path, "token:viewer", "", ""))
		items, _ := lookup(body, "items")
		for _, it := range items.([]any) {
			v, _ := lookup(it, "version")
			seen = append(seen, v)
		}
		next, ok := lookup(body, "next")
		if !ok {
			break
		}
		path = "/api/v1/accounts/" + h.a.AppID + "/rules/versions?limit=2&cursor=" + next.(string)
	}
	if got := len(seen); got != 5 || seen[0] != 5.0 || seen[4] != 1.0 {
		t.Fatalf("versions seen over pages = %v, want 5 down to 1", seen)
	}
}
