package api

import (
	"net/url"
	"testing"
)

const messages = "/api/v1/accounts/{a}/messages"

func TestMessageScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "one follower's messages, newest first", method: "GET", path: messages + "?openid=" + fan1, as: "token:viewer",
			status: 200, want: map[string]any{"#items": 3, "items.0.content": "我的订单还没到，退款怎么办", "items.0.handoff": true,
				"items.0.kind": "message", "items.0.msg_type": "text", "items.0.received_at": present,
				"items.1.content": "你好", "items.2.kind": "event", "items.2.event": "subscribe",
				"items.2.event_key": "qrscene_spring", "next": absent}},
		{name: "one follower's, searched", method: "GET", path: messages + "?openid=" + fan1 + "&q=" + url.QueryEscape("退款"),
			as: "token:viewer", status: 200, want: map[string]any{"#items": 1, "items.0.msg_type": "text"}},
		{name: "one follower's, in a time range", method: "GET", as: "token:viewer", status: 200,
			path: messages + "?openid=" + fan1 + "&to=" + url.QueryEscape("2000-01-01T00:00:00Z"),
			want: map[string]any{"#items": 0}},
		{name: "one follower's, paged", method: "GET", path: messages + "?openid=" + fan1 + "&limit=2", as: "token:viewer",
			status: 200, want: map[string]any{"#items": 2, "next": present}},
		{name: "search the account", method: "GET", path: messages + "?q=" + url.QueryEscape("你好"), as: "session:agent",
			status: 200, want: map[string]any{"#items": 2, "items.0.openid": fan2, "items.1.openid": fan1,
				"items.1.content": "你好", "items.1.handoff": absent, "next": absent}},
		{name: "search finds Chinese inside a sentence", method: "GET", path: messages + "?q=" + url.QueryEscape("订单"),
			as: "token:viewer", status: 200, want: map[string]any{"#items": 1, "items.0.openid": fan1, "items.0.conversation_id": 1}},
		{name: "search in a time range", method: "GET", as: "token:viewer", status: 200,
			path: messages + "?q=" + url.QueryEscape("你好") + "&from=2000-01-01&to=2000-01-02", want: map[string]any{"#items": 0}},
		{name: "search that is too short", method: "GET", path: messages + "?q=a", as: "token:viewer", status: 400,
			want: map[string]any{"error.code": "invalid"}},
		{name: "neither openid nor q", method: "GET", path: messages, as: "token:viewer", status: 400},
		{name: "bad time", method: "GET", path: messages + "?openid=" + fan1 + "&from=last-week", as: "token:viewer", status: 400},
		{name: "outsider", method: "GET", path: messages + "?openid=" + fan1, as: "token:outsider", status: 403},
	})
}

// TestMessagePaging follows one follower's messages page by page.
func TestMessagePaging(t *testing.T) {
	h := newHarness(t)
	base := "/api/v1/accounts/" + h.a.AppID + "/messages?openid=" + fan1 + "&limit=1"
	var contents []any
	path := base
	for range 5 {
		body := decode(t, h.request("GET", path, "token:viewer", "", ""))
		c, _ := lookup(body, "items.0.event")
		if c == nil {
			c, _ = lookup(body, "items.0.content")
		}
		contents = append(contents, c)
		next, ok := lookup(body, "next")
		if !ok {
			break
		}
		path = base + "&cursor=" + next.(string)
	}
	want := []any{"我的订单还没到，退款怎么办", "你好", "subscribe"}
	if len(contents) != len(want) || contents[0] != want[0] || contents[1] != want[1] || contents[2] != want[2] {
		t.Fatalf("pages held %v, want %v", contents, want)
	}
}
