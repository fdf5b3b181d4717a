package api

import (
	"context"
	"fmt"
	"github.com/fanbase/fanbase/internal/content"
	"net/http"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

const convs = "/api/v1/accounts/{a}/conversations"

// User ids of the test team, in the order newHarness creates them.
const (
	idAgent  = 3
	idAgent2 = 4
	idViewer = 5
)

// byUser runs a desk action as a team member before the scenario's call.
func byUser(login string, act func(h *harness, userID int64) error) func(h *harness) {
	return func(h *harness) {
		h.t.Helper()
		if err := act(h, h.people[login].u.ID); err != nil {
			h.t.Fatalf("setup as %s: %v", login, err)
		}
	}
}

func claim(id int64) func(h *harness, userID int64) error {
	return func(h *harness, userID int64) error {
		_, err := h.desk.Claim(context.Background(), h.a.ID, id, userID)
		return err
	}
}

func closeConv(id int64) func(h *harness, userID int64) error {
	return func(h *harness, userID int64) error {
		_, err := h.desk.Close(context.Background(), h.a.ID, id, userID)
		return err
	}
}

// nothingSent asserts the fake WeChat received no message.
func nothingSent(t *testing.T, h *harness) {
	if got := h.sender.sent(); len(got) != 0 {
		t.Errorf("WeChat received %v, want nothing", got)
	}
}

func TestConversationReadScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "live queue, longest waiting first", method: "GET", path: convs, as: "token:agent", status: 200,
			want: map[string]any{"#items": 3, "items.0.openid": fan4, "items.0.id": 3, "items.1.openid": fan1,
				"items.1.status": "open", "items.1.last_text": "我的订单还没到，退款怎么办", "items.1.waiting_seconds": 3540,
				"items.1.waiting_since": present, "items.1.assignee_id": absent, "next": absent}},
		{name: "closed tab", method: "GET", path: convs + "?status=closed", as: "token:agent", status: 200,
			want: map[string]any{"#items": 0}},
		{name: "closed tab after a close", method: "GET", path: convs + "?status=closed", as: "token:agent", status: 200,
			setup: byUser("agent", closeConv(2)), want: map[string]any{"#items": 1, "items.0.id": 2, "items.0.closed_by": idAgent}},
		{name: "mine", method: "GET", path: convs + "?assignee=me", as: "session:agent", status: 200,
			setup: byUser("agent", claim(1)), want: map[string]any{"#items": 1, "items.0.id": 1, "items.0.assignee_id": idAgent}},
		{name: "unassigned", method: "GET", path: convs + "?assignee=none", as: "token:agent", status: 200,
			setup: byUser("agent2", claim(1)), want: map[string]any{"#items": 2}},
		{name: "someone's", method: "GET", path: convs + "?assignee=4", as: "token:agent", status: 200,
			setup: byUser("agent2", claim(2)), want: map[string]any{"#items": 1, "items.0.openid": fan3}},
		{name: "paged", method: "GET", path: convs + "?limit=2", as: "token:agent", status: 200,
			want: map[string]any{"#items": 2, "next": present}},
		{name: "unknown status", method: "GET", path: convs + "?status=pending", as: "token:agent", status: 400,
			want: map[string]any{"error.code": "invalid"}},
		{name: "assignee with status", method: "GET", path: convs + "?status=closed&assignee=me", as: "token:agent", status: 400},
		{name: "bad assignee", method: "GET", path: convs + "?assignee=bob", as: "token:agent", status: 400},
		{name: "bad cursor", method: "GET", path: convs + "?cursor=x.y", as: "token:agent", status: 400},
		{name: "one conversation with window and history", method: "GET", path: convs + "/1", as: "token:agent", status: 200,
			want: map[string]any{"id": 1, "openid": fan1, "status": "open", "messages": 1, "window.open": true,
				"window.kind": "message", "window.remaining": 5, "window.expires_at": present, "window.message": present,
				"#timeline.items": 5, "timeline.items.0.message.event": "subscribe",
				"timeline.items.1.message.content": "你好", "timeline.items.2.reply.source.rule_id": 1,
				"timeline.items.2.reply.source.rule_version": 1, "timeline.items.4.reply.channel": "passive"}},
		{name: "expired window", method: "GET", path: convs + "/3", as: "session:agent2", status: 200,
			want: map[string]any{"openid": fan4, "window.open": false, "window.reason": "window.closed.expired",
				"window.remaining": 0, "window.message": present}},
		{name: "unknown conversation", method: "GET", path: convs + "/99", as: "token:agent", status: 404,
			want: map[string]any{"error.code": "not_found"}},
		{name: "not a conversation id", method: "GET", path: convs + "/abc", as: "token:agent", status: 404},
		{name: "conversation of another account", method: "GET", path: "/api/v1/accounts/{b}/conversations/1", as: "token:owner",
			status: 404},
		{name: "viewers do not see the inbox, as in the web app", method: "GET", path: convs, as: "token:viewer", status: 403,
			want: map[string]any{"error.code": "forbidden"}},
		{name: "operators do", method: "GET", path: convs + "/1", as: "token:operator", status: 200},
		{name: "queue of an account the agent is not on", method: "GET", path: "/api/v1/accounts/{b}/conversations", as: "token:agent",
			status: 403},
	})
}

func TestConversationChangeScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "claim", method: "POST", path: convs + "/1/claim", as: "token:agent", status: 200,
			want:  map[string]any{"id": 1, "status": "assigned", "assignee_id": idAgent, "assigned_at": present},
			audit: "conversation.claim"},
		{name: "claim with the session and CSRF token", method: "POST", path: convs + "/1/claim", as: "session:agent", status: 200,
			want: map[string]any{"assignee_id": idAgent}},
		{name: "claim with the session, no CSRF token", method: "POST", path: convs + "/1/claim", as: "nocsrf:agent", status: 403,
			want: map[string]any{"error.code": "forbidden"}},
		{name: "viewer may not claim", method: "POST", path: convs + "/1/claim", as: "token:viewer", status: 403},
		{name: "outsider may not claim", method: "POST", path: convs + "/1/claim", as: "token:outsider", status: 403},
		{name: "claim taken by a colleague", method: "POST", path: convs + "/1/claim", as: "token:agent", status: 409,
			setup: byUser("agent2", claim(1)),
			want:  map[string]any{"error.code": "conflict", "error.message": "客服 agent2 already took this conversation (该会话已被 客服 agent2 接待)"}},
		{name: "claim unknown", method: "POST", path: convs + "/99/claim", as: "token:agent", status: 404},
		{name: "close", method: "POST", path: convs + "/1/close", as: "token:agent", status: 200,
			want: map[string]any{"status": "closed", "closed_by": idAgent, "closed_at": present}, audit: "conversation.close"},
		{name: "close twice", method: "POST", path: convs + "/1/close", as: "token:agent", status: 409,
			setup: byUser("agent", closeConv(1)), want: map[string]any{"error.code": "conflict"}},
		{name: "reopen", method: "POST", path: convs + "/1/reopen", as: "token:agent2", status: 200,
			setup: byUser("agent", closeConv(1)),
			want:  map[string]any{"status": "assigned", "assignee_id": idAgent2, "closed_at": absent}, audit: "conversation.reopen"},
		{name: "reopen a live one", method: "POST", path: convs + "/1/reopen", as: "token:agent", status: 409},
		{name: "transfer", method: "POST", path: convs + "/1/transfer", as: "token:agent", body: `{"user_id": 4}`, status: 200,
			setup: byUser("agent", claim(1)),
			want:  map[string]any{"status": "assigned", "assignee_id": idAgent2}, audit: "conversation.transfer",
			check: func(t *testing.T, h *harness) {
				if h.people["agent2"].u.ID != idAgent2 {
					t.Fatalf("agent2 has id %d, the scenarios assume %d", h.people["agent2"].u.ID, idAgent2)
				}
			}},
		{name: "transfer back to the queue", method: "POST", path: convs + "/1/transfer", as: "token:agent", body: `{"user_id": 0}`,
			status: 200, setup: byUser("agent", claim(1)), want: map[string]any{"status": "open", "assignee_id": absent}},
		{name: "transfer to a viewer", method: "POST", path: convs + "/1/transfer", as: "token:agent", body: `{"user_id": 5}`,
			status: 400, want: map[string]any{"error.code": "invalid"}},
		{name: "transfer without user_id", method: "POST", path: convs + "/1/transfer", as: "token:agent", body: `{}`, status: 400},
		{name: "transfer with a misspelt field", method: "POST", path: convs + "/1/transfer", as: "token:agent",
			body: `{"userid": 4}`, status: 400},
	})
}

func TestConversationReplyScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "text reply", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "text", "text": "您好，已为您查询订单"}`, status: 201,
			want: map[string]any{"id": present, "openid": fan1, "channel": "custom", "msg_type": "text", "status": "sent",
				"content": "您好，已为您查询订单", "source.agent_id": idAgent, "error": absent},
			audit: "conversation.reply",
			check: func(t *testing.T, h *harness) {
				sent := h.sender.sent()
				if len(sent) != 1 || !strings.Contains(sent[0], "您好，已为您查询订单") || !strings.Contains(sent[0], fan1) {
					t.Errorf("WeChat received %v, want the text to %s", sent, fan1)
				}
				c, err := h.desk.Conversation(context.Background(), h.a.ID, 1)
				if err != nil || c.AssigneeID != idAgent || !c.WaitingSince.IsZero() {
					t.Errorf("after the reply conversation = %+v, %v; want answered and given to the agent", c, err)
				}
			}},
		{name: "news reply", method: "POST", path: convs + "/1/replies", as: "session:agent",
			body:   `{"type": "news", "article": {"title": "退款流程", "url": "https://example.com/refund", "pic_url": "https://example.com/a.png"}}`,
			status: 201, want: map[string]any{"msg_type": "news", "status": "sent"}},
		{name: "library article reply", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "news", "article_id": 1, "article": {"title": "typed title loses", "url": "https://example.com/x"}}`,
			setup: func(h *harness) {
				a := &content.Article{AccountID: h.a.ID, Title: "退款指南", CoverURL: "https://img.example.com/c.jpg", URL: "https://shop.example.com/refund"}
				if err := h.deps().Articles.Create(context.Background(), a); err != nil || a.ID != 1 {
					h.t.Fatalf("create article: %v (id %d)", err, a.ID)
				}
			},
			status: 201, want: map[string]any{"msg_type": "news", "status": "sent"},
			check: func(t *testing.T, h *harness) {
				sent := h.sender.sent()
				if len(sent) != 1 || !strings.Contains(sent[0], "退款指南") || strings.Contains(sent[0], "typed title loses") {
					t.Errorf("WeChat received %v, want the library article", sent)
				}
			}},
		{name: "unknown library article", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "news", "article_id": 42}`, status: 404, check: nothingSent},
		{name: "outside the window", method: "POST", path: convs + "/3/replies", as: "token:agent",
			body: `{"type": "text", "text": "抱歉久等"}`, status: 403,
			want:  map[string]any{"error.code": "forbidden", "error.message": "the 48-hour reply window has expired (距粉丝最后一次互动已超过 48 小时，无法回复)"},
			check: nothingSent},
		{name: "quota used up", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "text", "text": "第六条"}`, status: 403,
			setup: func(h *harness) {
				for range 5 {
					if w := h.request("POST", convs2(h, 1), "token:agent", `{"type":"text","text":"x"}`, ""); w.Code != 201 {
						h.t.Fatalf("reply = %d: %s", w.Code, w.Body.String())
					}
				}
			},
			want: map[string]any{"error.message": "the reply quota is used up until the follower writes again (回复条数已用完，需等待粉丝再次发消息)"}},
		{name: "WeChat refuses: out of window", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "text", "text": "hello"}`, status: 403,
			setup: func(h *harness) { h.sender.fail = &wxclient.Error{Code: wxclient.CodeOutOfWindow, Msg: "out of time"} },
			want:  map[string]any{"error.code": "forbidden"}},
		{name: "WeChat refuses: bad access_token", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "text", "text": "hello"}`, status: 503,
			setup: func(h *harness) { h.sender.fail = &wxclient.Error{Code: wxclient.CodeInvalidToken, Msg: "invalid"} },
			want:  map[string]any{"error.code": "unavailable", "error.message": present}, audit: "conversation.reply"},
		{name: "empty text", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "text", "text": ""}`, status: 400, check: nothingSent},
		{name: "unknown type", method: "POST", path: convs + "/1/replies", as: "token:agent",
			body: `{"type": "video", "media_id": "m"}`, status: 400},
		{name: "viewer may not reply", method: "POST", path: convs + "/1/replies", as: "token:viewer",
			body: `{"type": "text", "text": "hi"}`, status: 403, check: nothingSent},
		{name: "reply without CSRF token", method: "POST", path: convs + "/1/replies", as: "nocsrf:agent",
			body: `{"type": "text", "text": "hi"}`, status: 403, check: nothingSent},
	})
}

// convs2 is the replies path of a conversation of account a.
func convs2(h *harness, id int) string {
	return fmt.Sprintf("%s/%d/replies", strings.Replace(convs, "{a}", h.a.AppID, 1), id)
}

// TestWithoutDesk: a server without the service desk says so (503) rather
// than failing, and the customer file still works without window or history.
func TestWithoutDesk(t *testing.T) {
	h := newHarness(t)
	d := h.deps()
	d.Desk = nil
	h.api = New(d)
	h.mux = http.NewServeMux()
	h.api.Register(h.mux)
	w := h.request("POST", fmt.Sprintf("/api/v1/accounts/%s/conversations/1/claim", h.a.AppID), "token:agent", "", "")
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("claim without a desk = %d, want 503: %s", w.Code, w.Body.String())
	}
	checkJSON(t, decode(t, w), map[string]any{"error.code": "unavailable"})
	w = h.request("GET", fmt.Sprintf("/api/v1/accounts/%s/followers/%s", h.a.AppID, fan1), "token:agent", "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("customer file without a desk = %d: %s", w.Code, w.Body.String())
	}
	checkJSON(t, decode(t, w), map[string]any{"openid": fan1, "window": absent, "timeline": absent})
}
