package api

import (
	"context"
	"testing"

	"github.com/fanbase/fanbase/internal/audience"
)

const followers = "/api/v1/accounts/{a}/followers"

// addNote writes a feedback record on fan1 as the agent.
func addNote(h *harness) {
	h.t.Helper()
	n, err := audience.NewNote(h.a.ID, fan1, audience.KindFeedback, "投诉物流太慢", h.people["agent"].u.ID, h.now)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.db.AddNote(context.Background(), n); err != nil {
		h.t.Fatalf("AddNote: %v", err)
	}
	if _, err := h.db.TagFollower(context.Background(), h.a.ID, fan1, "VIP"); err != nil {
		h.t.Fatalf("TagFollower: %v", err)
	}
}

func TestFollowerScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "newest first", method: "GET", path: followers, as: "token:viewer", status: 200,
			want: map[string]any{"#items": 4, "items.0.openid": fan3, "items.1.openid": fan2, "items.2.openid": fan1,
				"items.3.openid": fan4, "items.2.qr_scene": "spring", "items.2.first_seen_at": present, "next": absent}},
		{name: "search by openid prefix", method: "GET", path: followers + "?q=oOldBBBB", as: "session:agent", status: 200,
			want: map[string]any{"#items": 1, "items.0.openid": fan4}},
		{name: "nobody left", method: "GET", path: followers + "?status=unsubscribed", as: "token:viewer", status: 200,
			want: map[string]any{"#items": 0}},
		{name: "unknown status", method: "GET", path: followers + "?status=gone", as: "token:viewer", status: 400},
		{name: "paged", method: "GET", path: followers + "?limit=3", as: "token:viewer", status: 200,
			want: map[string]any{"#items": 3, "next": present}},
		{name: "bad cursor", method: "GET", path: followers + "?cursor=nonsense", as: "token:viewer", status: 400},
		{name: "customer file", method: "GET", path: followers + "/" + fan1, as: "token:viewer", status: 200, setup: addNote,
			want: map[string]any{"openid": fan1, "subscribed": true, "qr_scene": "spring", "first_follow_at": present,
				"refollows": 0, "follow_history.0.step": "follow", "follow_history.0.qr_scene": "spring",
				"tags.0.name": "VIP", "notes.0.kind": "feedback", "notes.0.body": "投诉物流太慢",
				"window.open": true, "window.remaining": 5, "#timeline.items": 5, "timeline.next": absent,
				"timeline.items.4.reply.source.rule_id": 3}},
		{name: "customer file, older history", method: "GET", path: followers + "/" + fan1 + "?limit=1", as: "token:viewer",
			status: 200, want: map[string]any{"#timeline.items": 2, "timeline.items.0.message.content": "我的订单还没到，退款怎么办",
				"timeline.next": present}},
		{name: "unknown follower", method: "GET", path: followers + "/oNobody", as: "token:viewer", status: 404,
			want: map[string]any{"error.code": "not_found"}},
		{name: "follower of another account", method: "GET", path: "/api/v1/accounts/{b}/followers/" + fan1, as: "token:outsider",
			status: 404},
		{name: "outsider", method: "GET", path: followers, as: "token:outsider", status: 403},
	})
}

// TestFollowerTimelinePaging pages a customer file's history back in time.
func TestFollowerTimelinePaging(t *testing.T) {
	h := newHarness(t)
	path := "/api/v1/accounts/" + h.a.AppID + "/followers/" + fan1 + "?limit=1"
	first := decode(t, h.request("GET", path, "token:viewer", "", ""))
	next, ok := lookup(first, "timeline.next")
	if !ok {
		t.Fatal("first page has no timeline.next")
	}
	second := decode(t, h.request("GET", path+"&cursor="+next.(string), "token:viewer", "", ""))
	checkJSON(t, second, map[string]any{"timeline.items.0.message.content": "你好", "openid": fan1})
}
