package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// deskSender records customer-service messages instead of calling WeChat.
type deskSender struct {
	mu     sync.Mutex
	bodies []string
	fail   error
}

func (s *deskSender) SendCustomJSON(_ context.Context, _ *account.Account, body []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.bodies = append(s.bodies, string(body))
	return nil
}

// withDesk gives the app a desk that sends through s, and a projector.
func (a *testApp) withDesk(s inbox.Sender) *inbox.Projector {
	a.H.Desk = inbox.NewDesk(inbox.Options{Store: a.DB, Directory: a.DB, Sender: s, Publisher: a.Live, Logger: a.H.log})
	return inbox.NewProjector(a.H.Desk, inbox.ProjectorOptions{})
}

var pushSeq struct {
	sync.Mutex
	n int64
}

// push commits a user message received at, as the gateway would.
func (a *testApp) push(openID, text string, handoff bool, at time.Time) {
	a.t.Helper()
	pushSeq.Lock()
	pushSeq.n++
	n := pushSeq.n
	pushSeq.Unlock()
	in := inbox.Inbound{
		Message: inbox.Message{AccountID: a.Account.ID, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text",
			MsgID: 5000 + n, DedupeKey: fmt.Sprint(5000 + n), Content: text, Raw: []byte("<xml/>"),
			CreateTime: at, ReceivedAt: at, Handoff: handoff},
		Follower: audience.Change{OpenID: openID, At: at, Message: true},
	}
	if _, err := a.DB.CommitInbound(context.Background(), []inbox.Inbound{in}); err != nil {
		a.t.Fatalf("commit: %v", err)
	}
}

func catchUp(t *testing.T, p *inbox.Projector) {
	t.Helper()
	if _, err := p.CatchUp(context.Background()); err != nil {
		t.Fatalf("project: %v", err)
	}
}

// deskSetup: an account with two agents and one waiting conversation.
func deskSetup(t *testing.T) (*testApp, *deskSender, *inbox.Conversation) {
	app := newTestApp(t)
	s := &deskSender{}
	proj := app.withDesk(s)
	app.addUser("wang", user.Agent, app.Account.ID)
	app.addUser("li", user.Agent, app.Account.ID)
	app.addUser("guest", user.Viewer, app.Account.ID)
	app.push("o_fan_1", "我要退票，怎么操作？", true, time.Now().Add(-5*time.Minute))
	catchUp(t, proj)
	c, err := app.H.Desk.LiveConversation(context.Background(), app.Account.ID, "o_fan_1")
	if err != nil {
		t.Fatalf("no conversation: %v", err)
	}
	return app, s, c
}

func TestInboxQueue(t *testing.T) {
	app, _, c := deskSetup(t)
	wang := app.login("wang")
	base := "/a/" + app.Account.AppID
	status, body := wang.get(base + "/inbox")
	wantPage(t, "queue", status, body, http.StatusOK, `id="queue"`, "queue-row", "claim-btn", "o_fan_1",
		"我要退票", `data-since="`, "待接入", `hx-trigger="sse:conversation, sse:message"`, "inbox.js", `id="presence"`)
	status, body = wang.get(base + "/inbox?tab=mine")
	wantPage(t, "mine", status, body, http.StatusOK, "你当前没有接待中的会话")
	status, body, _ = wang.htmx("GET", base+"/inbox?tab=unassigned&part=queue", nil)
	wantPage(t, "queue panel", status, body, http.StatusOK, fmt.Sprintf(`id="queue-row-%d"`, c.ID))
	if strings.Contains(body, "<html") {
		t.Error("the queue panel came with the whole layout")
	}
	wang.lang = "en"
	_, body = wang.get(base + "/inbox")
	wantPage(t, "English queue", http.StatusOK, body, http.StatusOK, "Unassigned", "Claim", "Waiting")
}

func TestInboxPermissions(t *testing.T) {
	app, _, c := deskSetup(t)
	base := "/a/" + app.Account.AppID
	guest := app.login("guest")
	for _, path := range []string{base + "/inbox", fmt.Sprintf("%s/inbox/%d", base, c.ID)} {
		if status, _ := guest.get(path); status != http.StatusForbidden {
			t.Errorf("viewer GET %s = %d, want 403", path, status)
		}
		if status, _ := app.anonymous().get(path); status != http.StatusSeeOther {
			t.Errorf("anonymous GET %s = %d, want a redirect to login", path, status)
		}
	}
	other := app.addAccount("wxother0000000002", "别人的号")
	app.addUser("outsider", user.Agent, other.ID)
	outsider := app.login("outsider")
	if status, _ := outsider.get(fmt.Sprintf("/a/%s/inbox/%d", other.AppID, c.ID)); status != http.StatusNotFound {
		t.Errorf("another account's conversation = %d, want 404", status)
	}
	wang := app.login("wang")
	status, _ := wang.do("POST", fmt.Sprintf("%s/conversations/%d/claim", base, c.ID), url.Values{}, nil)
	if status != http.StatusForbidden {
		t.Errorf("claim without CSRF token = %d, want 403", status)
	}
}

func TestConversationClaimTransferCloseReopen(t *testing.T) {
	app, _, c := deskSetup(t)
	base := "/a/" + app.Account.AppID
	conv := fmt.Sprintf("%s/inbox/%d", base, c.ID)
	act := func(cl *client, action string, form url.Values) (int, string, http.Header) {
		return cl.htmx("POST", fmt.Sprintf("%s/conversations/%d/%s", base, c.ID, action), form)
	}
	wang, li := app.login("wang"), app.login("li")
	status, _, hdr := act(wang, "claim", nil)
	if status != http.StatusNoContent || hdr.Get("HX-Redirect") != conv {
		t.Fatalf("claim = %d, HX-Redirect %q", status, hdr.Get("HX-Redirect"))
	}
	status, body, hdr := act(li, "claim", nil)
	if status != http.StatusConflict || !strings.Contains(body, "wang") || hdr.Get("HX-Retarget") != "#flash" {
		t.Errorf("second claim = %d %q (retarget %q), want 409 naming wang", status, body, hdr.Get("HX-Retarget"))
	}
	_, body = wang.get(conv)
	wantPage(t, "claimed conversation", http.StatusOK, body, http.StatusOK, "由 wang 接待", `id="transfer-form"`, `id="close-btn"`,
		"/followers/o_fan_1", `id="composer"`, `id="send-btn"`, "timeline-item", "我要退票")
	liID := mustUserID(t, app, "li")
	if status, _, _ = act(wang, "transfer", url.Values{"to": {fmt.Sprint(liID)}}); status != http.StatusNoContent {
		t.Errorf("transfer = %d", status)
	}
	if status, _, _ = act(wang, "transfer", url.Values{"to": {fmt.Sprint(mustUserID(t, app, "guest"))}}); status != http.StatusBadRequest {
		t.Errorf("transfer to a viewer = %d, want 400", status)
	}
	if status, _, hdr = act(li, "close", nil); status != http.StatusNoContent || !strings.Contains(hdr.Get("HX-Redirect"), "/inbox?tab=mine") {
		t.Errorf("close = %d, %q", status, hdr.Get("HX-Redirect"))
	}
	_, body = li.get(conv)
	wantPage(t, "closed conversation", http.StatusOK, body, http.StatusOK, `id="reopen-btn"`, "已结束")
	if status, _, _ = act(li, "reopen", nil); status != http.StatusNoContent {
		t.Errorf("reopen = %d", status)
	}
	entries, err := app.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: app.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	for _, want := range []string{"conversation.claim", "conversation.transfer", "conversation.close", "conversation.reopen"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("audit log lacks %s: %v", want, actions)
		}
	}
}

func mustUserID(t *testing.T, app *testApp, login string) int64 {
	t.Helper()
	u, err := app.DB.UserByLogin(context.Background(), login)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestConversationReply(t *testing.T) {
	app, sender, c := deskSetup(t)
	base := "/a/" + app.Account.AppID
	conv := fmt.Sprintf("%s/inbox/%d", base, c.ID)
	wang := app.login("wang")
	_, body := wang.get(conv)
	wantPage(t, "window", http.StatusOK, body, http.StatusOK, "还可发送 5 条，剩余 47 小时", `data-open="true"`)
	status, _, hdr := wang.htmx("POST", fmt.Sprintf("%s/conversations/%d/reply", base, c.ID),
		url.Values{"type": {"text"}, "text": {"您好，退票请在订单页操作。"}})
	if status != http.StatusNoContent || hdr.Get("HX-Redirect") != conv {
		t.Fatalf("reply = %d, HX-Redirect %q", status, hdr.Get("HX-Redirect"))
	}
	if len(sender.bodies) != 1 || !strings.Contains(sender.bodies[0], "退票请在订单页操作") {
		t.Fatalf("sent %q", sender.bodies)
	}
	_, body = wang.get(conv)
	wantPage(t, "after the reply", http.StatusOK, body, http.StatusOK, "客服 wang", "已送达", "还可发送 4 条", "已回复")

	sender.fail = &wxclient.Error{Code: wxclient.CodeOutOfWindow, Path: "/cgi-bin/message/custom/send"}
	status, body, hdr = wang.htmx("POST", fmt.Sprintf("%s/conversations/%d/reply", base, c.ID),
		url.Values{"type": {"news"}, "title": {"退票指南"}, "url": {"https://example.com/r"}})
	if status != http.StatusForbidden || !strings.Contains(body, "45015") || hdr.Get("HX-Trigger") != "conv-refresh" {
		t.Errorf("refused reply = %d %q (trigger %q)", status, body, hdr.Get("HX-Trigger"))
	}
	_, body, _ = wang.htmx("GET", conv+"?part=live", nil)
	wantPage(t, "failed delivery in the timeline", http.StatusOK, body, http.StatusOK, "发送失败", "errcode 45015", "退票指南")
}

func TestComposerBlockedOutsideTheWindow(t *testing.T) {
	app := newTestApp(t)
	sender := &deskSender{}
	proj := app.withDesk(sender)
	app.addUser("wang", user.Agent, app.Account.ID)
	app.push("o_old", "还有人吗", true, time.Now().Add(-49*time.Hour))
	catchUp(t, proj)
	c, err := app.H.Desk.LiveConversation(context.Background(), app.Account.ID, "o_old")
	if err != nil {
		t.Fatal(err)
	}
	wang := app.login("wang")
	conv := fmt.Sprintf("/a/%s/inbox/%d", app.Account.AppID, c.ID)
	_, body := wang.get(conv)
	wantPage(t, "closed window", http.StatusOK, body, http.StatusOK, `id="composer-block-reason" class="alert warn">距粉丝最后一次互动已超过 48 小时`,
		`data-open="false"`, `id="send-btn" class="btn btn-primary" disabled`)
	status, body, _ := wang.htmx("POST", fmt.Sprintf("/a/%s/conversations/%d/reply", app.Account.AppID, c.ID),
		url.Values{"type": {"text"}, "text": {"迟到的回复"}})
	if status != http.StatusForbidden || !strings.Contains(body, "48") {
		t.Errorf("reply outside the window = %d %q, want 403 with the reason", status, body)
	}
	if len(sender.bodies) != 0 {
		t.Error("a message went out outside the window")
	}
}

func TestPresenceToggleAndHeartbeat(t *testing.T) {
	app, _, _ := deskSetup(t)
	wang := app.login("wang")
	base := "/a/" + app.Account.AppID
	status, body, _ := wang.htmx("POST", base+"/presence", url.Values{"status": {"online"}})
	wantPage(t, "go online", status, body, http.StatusOK, `id="presence"`, "presence-online", `id="presence-status">在线`)
	if status, _, _ := wang.htmx("POST", base+"/presence/heartbeat", nil); status != http.StatusNoContent {
		t.Errorf("heartbeat = %d, want 204", status)
	}
	if status, _, _ := wang.htmx("POST", base+"/presence", url.Values{"status": {"busy"}}); status != http.StatusBadRequest {
		t.Errorf("unknown presence = %d, want 400", status)
	}
	agents, err := app.H.Desk.Agents(context.Background(), app.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range agents {
		if a.Name == "wang" && !a.Online {
			t.Errorf("wang is not online after the toggle: %+v", a)
		}
	}
}
