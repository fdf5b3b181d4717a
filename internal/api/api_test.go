package api

import (
	"net/http"
	"strings"
	"testing"
)

// scenario is one HTTP call against a fresh harness and what must come back.
type scenario struct {
	name   string
	method string
	path   string // "{a}" and "{b}" stand for the two accounts' appids
	as     string // see harness.request
	body   string
	ctype  string
	status int
	want   map[string]any                 // see checkJSON
	audit  string                         // an action the audit log of account a must then hold
	setup  func(h *harness)               // runs before the call
	check  func(t *testing.T, h *harness) // runs after it
}

// run performs the scenario on a fresh harness.
func (sc scenario) run(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	if sc.setup != nil {
		sc.setup(h)
	}
	path := strings.NewReplacer("{a}", h.a.AppID, "{b}", h.b.AppID).Replace(sc.path)
	w := h.request(sc.method, path, sc.as, sc.body, sc.ctype)
	if w.Code != sc.status {
		t.Fatalf("%s %s as %q = %d, want %d: %s", sc.method, path, sc.as, w.Code, sc.status, w.Body.String())
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want JSON", ct)
	}
	for _, secret := range []string{h.a.Secret, h.a.AESKey, h.b.Secret, "\"secret\"", "\"aes_key\""} {
		if strings.Contains(w.Body.String(), secret) {
			t.Fatalf("answer leaks %q: %s", secret, w.Body.String())
		}
	}
	checkJSON(t, decode(t, w), sc.want)
	if sc.audit != "" && !h.audited(h.a.ID, sc.audit) {
		t.Errorf("audit log has no %q entry", sc.audit)
	}
	if sc.check != nil {
		sc.check(t, h)
	}
}

func runScenarios(t *testing.T, list []scenario) {
	t.Helper()
	for _, sc := range list {
		t.Run(sc.name, sc.run)
	}
}

func TestAuthScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "token auth", method: "GET", path: "/api/v1/me", as: "token:agent", status: 200,
			want: map[string]any{"login": "agent", "auth": "token", "#roles": 1, "roles.0.role": "agent", "roles.0.appid": "wxapitest0000a01"}},
		{name: "session auth", method: "GET", path: "/api/v1/me", as: "session:viewer", status: 200,
			want: map[string]any{"login": "viewer", "auth": "session", "roles.0.role": "viewer"}},
		{name: "session GET needs no CSRF token", method: "GET", path: "/api/v1/me", as: "nocsrf:viewer", status: 200,
			want: map[string]any{"auth": "session"}},
		{name: "owner of all accounts", method: "GET", path: "/api/v1/me", as: "token:owner", status: 200,
			want: map[string]any{"all_accounts_role": "owner", "#roles": 2, "roles.1.role": "owner"}},
		{name: "session POST without CSRF token", method: "POST", path: "/api/v1/accounts/{a}/rules/rollback", as: "nocsrf:operator",
			body: `{"version":1}`, status: 403, want: map[string]any{"error.code": "forbidden"}},
		{name: "session POST with CSRF token", method: "POST", path: "/api/v1/accounts/{a}/rules/rollback", as: "session:operator",
			body: `{"version":1}`, status: 200, want: map[string]any{"version": 1}, audit: "rules.rollback"},
		{name: "token POST needs no CSRF token", method: "POST", path: "/api/v1/accounts/{a}/rules/rollback", as: "token:operator",
			body: `{"version":1}`, status: 200, want: map[string]any{"version": 1}},
		{name: "agent on an account they do not belong to", method: "GET", path: "/api/v1/accounts/{b}", as: "token:agent",
			status: 403, want: map[string]any{"error.code": "forbidden"}},
		{name: "outsider on account a", method: "GET", path: "/api/v1/accounts/{a}/rules", as: "session:outsider",
			status: 403, want: map[string]any{"error.code": "forbidden"}},
		{name: "unknown account", method: "GET", path: "/api/v1/accounts/wxnosuchaccount", as: "token:owner",
			status: 404, want: map[string]any{"error.code": "not_found"}},
		{name: "viewer refused on rule writes", method: "POST", path: "/api/v1/accounts/{a}/rules/rollback", as: "token:viewer",
			body: `{"version":1}`, status: 403, want: map[string]any{"error.code": "forbidden"}},
		{name: "agent refused on rule writes", method: "POST", path: "/api/v1/accounts/{a}/rules", as: "token:agent",
			body: testRules, ctype: "application/yaml", status: 403, want: map[string]any{"error.code": "forbidden"}},
		{name: "unknown path", method: "GET", path: "/api/v1/nothing/here", as: "token:agent",
			status: 404, want: map[string]any{"error.code": "not_found"}},
		{name: "wrong method", method: "DELETE", path: "/api/v1/accounts", as: "token:agent",
			status: 405, want: map[string]any{"error.code": "method_not_allowed"}},
	})
}

// TestAnonymousRefused calls every authenticated route of the table without
// credentials, and with bad ones: each must answer 401 JSON with a
// WWW-Authenticate challenge.
func TestAnonymousRefused(t *testing.T) {
	h := newHarness(t)
	creds := map[string]func(r *http.Request){
		"none":         func(*http.Request) {},
		"bad token":    func(r *http.Request) { r.Header.Set("Authorization", "Bearer fbt_not-a-real-token") },
		"basic auth":   func(r *http.Request) { r.SetBasicAuth("owner", "password-owner") },
		"stale cookie": func(r *http.Request) { r.AddCookie(&http.Cookie{Name: SessionCookie, Value: "no-such-session"}) },
	}
	for _, rt := range h.api.routes() {
		path := strings.NewReplacer("{appid}", h.a.AppID, "{id}", "1", "{openid}", "o_fan1").Replace(rt.Path)
		for name, set := range creds {
			w := h.call(rt.Method, path, set)
			if rt.Public {
				if w.Code != http.StatusOK {
					t.Errorf("public %s %s with %s = %d, want 200", rt.Method, rt.Path, name, w.Code)
				}
				continue
			}
			if w.Code != http.StatusUnauthorized || !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s %s with %s = %d (WWW-Authenticate %q), want 401 with a Bearer challenge",
					rt.Method, rt.Path, name, w.Code, w.Header().Get("WWW-Authenticate"))
				continue
			}
			checkJSON(t, decode(t, w), map[string]any{"error.code": "unauthorized", "error.message": present})
		}
	}
}
