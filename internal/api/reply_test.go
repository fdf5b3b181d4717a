package api

import "testing"

const replies = "/api/v1/accounts/{a}/replies"

func TestReplyScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "what rule 1 version 1 answered, newest first", method: "GET", path: replies + "?rule_id=1&rule_version=1",
			as: "token:viewer", status: 200, want: map[string]any{"#items": 2, "items.0.openid": fan2, "items.1.openid": fan1,
				"items.0.content": "auto 你好", "items.0.source.rule_id": 1, "items.0.source.rule_version": 1, "next": absent}},
		{name: "one follower's replies", method: "GET", path: replies + "?openid=" + fan1, as: "session:agent",
			status: 200, want: map[string]any{"#items": 2, "items.0.content": "auto 我的订单还没到，退款怎么办"}},
		{name: "paged", method: "GET", path: replies + "?limit=1", as: "token:viewer", status: 200,
			want: map[string]any{"#items": 1, "next": present}},
		{name: "a version that answered nobody", method: "GET", path: replies + "?rule_id=1&rule_version=9", as: "token:viewer",
			status: 200, want: map[string]any{"#items": 0}},
		{name: "version without rule", method: "GET", path: replies + "?rule_version=1", as: "token:viewer", status: 400,
			want: map[string]any{"error.code": "invalid"}},
		{name: "bad rule id", method: "GET", path: replies + "?rule_id=x", as: "token:viewer", status: 400},
		{name: "outsider", method: "GET", path: replies, as: "token:outsider", status: 403},
		{name: "anonymous", method: "GET", path: replies, status: 401},
	})
}
