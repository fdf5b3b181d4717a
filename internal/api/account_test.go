package api

import "testing"

func TestAccountScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "an agent sees their account", method: "GET", path: "/api/v1/accounts", as: "token:agent", status: 200,
			want: map[string]any{"#items": 1, "items.0.appid": "wxapitest0000a01", "items.0.role": "agent",
				"items.0.type": "service", "items.0.mode": "safe", "items.0.time_zone": "Asia/Shanghai",
				"items.0.created_at": present, "items.0.secret": absent, "items.0.token": absent, "items.0.aes_key": absent, "next": absent}},
		{name: "the owner sees all", method: "GET", path: "/api/v1/accounts", as: "session:owner", status: 200,
			want: map[string]any{"#items": 2, "items.1.appid": "wxapitest0000b02", "items.1.role": "owner"}},
		{name: "paged", method: "GET", path: "/api/v1/accounts?limit=1", as: "token:owner", status: 200,
			want: map[string]any{"#items": 1, "items.0.appid": "wxapitest0000a01", "next": present}},
		{name: "bad limit", method: "GET", path: "/api/v1/accounts?limit=0", as: "token:owner", status: 400,
			want: map[string]any{"error.code": "invalid"}},
		{name: "bad cursor", method: "GET", path: "/api/v1/accounts?cursor=zzz", as: "token:owner", status: 400,
			want: map[string]any{"error.code": "invalid"}},
		{name: "one account", method: "GET", path: "/api/v1/accounts/{a}", as: "token:viewer", status: 200,
			want: map[string]any{"appid": "wxapitest0000a01", "name": "测试号 wxapitest0000a01", "role": "viewer",
				"secret": absent, "token": absent, "aes_key": absent}},
	})
}

// TestAccountPaging follows the cursor from the first page to the last.
func TestAccountPaging(t *testing.T) {
	h := newHarness(t)
	first := decode(t, h.request("GET", "/api/v1/accounts?limit=1", "token:owner", "", ""))
	next, _ := lookup(first, "next")
	second := decode(t, h.request("GET", "/api/v1/accounts?limit=1&cursor="+next.(string), "token:owner", "", ""))
	checkJSON(t, second, map[string]any{"#items": 1, "items.0.appid": h.b.AppID, "next": absent})
}
