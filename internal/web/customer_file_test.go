package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// cfFixture gives o_fan a follow, a message answered by a rule, an
// unfollow, a refollow through another QR code and an agent's reply.
func cfFixture(t *testing.T) (*testApp, *user.User) {
	app := newTestApp(t)
	agent := app.addUser("xiaowang", user.Agent, app.Account.ID)
	app.cfEvent("o_fan", "subscribe", "qrscene_store_001", 1)
	app.cfText("o_fan", "门票多少钱", 9001, 2)
	app.cfEvent("o_fan", "unsubscribe", "", 3)
	app.cfEvent("o_fan", "subscribe", "qrscene_poster_7", 4)
	err := app.DB.AddReply(context.Background(), &inbox.Reply{AccountID: app.Account.ID, OpenID: "o_fan",
		Channel: inbox.ChannelCustom, MsgType: "text", Content: "您好，成人票 120 元", Body: []byte("{}"),
		Source: inbox.Source{AgentID: agent.ID}, Status: inbox.ReplySent, CreatedAt: cfBase.Add(5 * time.Minute)})
	if err != nil {
		t.Fatalf("AddReply: %v", err)
	}
	return app, agent
}

func TestFollowerShowsTheCustomerFile(t *testing.T) {
	app, _ := cfFixture(t)
	c := app.login("xiaowang")
	status, body := c.get(app.path("/followers/o_fan"))
	wantPage(t, "customer file", status, body, http.StatusOK,
		`id="profile"`, `id="follow-history"`, `id="history"`, `id="note-form"`,
		"二维码：poster_7", `id="profile-first-follow">2024-05-01 16:01<`, // in Asia/Shanghai
		"step-follow", "step-unfollow", "step-refollow", "二维码：store_001", "回关 1 次",
		"门票多少钱", "自动回复 · 规则 #7 · 版本 3", "您好，成人票 120 元", "客服 xiaowang", "取消了关注")
	if strings.Contains(body, `id="open-conversation"`) {
		t.Errorf("a conversation link without a conversation")
	}
	if i, j := strings.Index(body, "step-follow"), strings.Index(body, "step-refollow"); i > j {
		t.Errorf("follow history is not in time order")
	}
	status, body = c.get(app.path("/followers/o_nobody"))
	wantPage(t, "unknown follower", status, body, http.StatusNotFound)
	other := app.addAccount("wxtest00000000002", "另一个号")
	status, _ = c.get("/a/" + other.AppID + "/followers/o_fan")
	wantPage(t, "account without a role", status, "", http.StatusForbidden)
}

func TestFollowerFileLinksTheOpenConversation(t *testing.T) {
	app, _ := cfFixture(t)
	cols := []string{"id", "account_id", "openid", "status", "opened_at", "last_message_at"}
	rows := [][]any{
		{int64(41), app.Account.ID, "o_fan", "closed", cfBase, cfBase},
		{int64(42), app.Account.ID, "o_fan", "open", cfBase, cfBase},
	}
	if err := app.DB.BulkLoad(context.Background(), "conversations", cols, rows); err != nil {
		t.Fatalf("BulkLoad: %v", err)
	}
	status, body := app.login("xiaowang").get(app.path("/followers/o_fan"))
	wantPage(t, "customer file", status, body, http.StatusOK, `id="open-conversation"`, app.path("/inbox/42"))
}

func TestFollowerHistoryPagesOlder(t *testing.T) {
	app, _ := cfFixture(t)
	for i := range inbox.DefaultTimelineLimit + 5 {
		app.cfText("o_fan", "第条"+strconv.Itoa(i), int64(10000+i), 10+i)
	}
	c := app.login("xiaowang")
	status, body := c.get(app.path("/followers/o_fan"))
	wantPage(t, "newest page", status, body, http.StatusOK, `id="history-older"`, "第条54")
	if strings.Contains(body, "门票多少钱") {
		t.Errorf("the newest page shows the oldest message")
	}
	status, body = c.get(hrefOf(t, body, "history-older"))
	wantPage(t, "older page", status, body, http.StatusOK, "门票多少钱", `id="history-newest"`)
	if strings.Contains(body, "第条54") {
		t.Errorf("the older page repeats the newest message")
	}
}

func TestFollowerNotes(t *testing.T) {
	app, _ := cfFixture(t)
	app.addUser("xiaoli", user.Agent, app.Account.ID)
	wang, li := app.login("xiaowang"), app.login("xiaoli")
	notes := app.path("/followers/o_fan/notes")

	status, body := wang.post(notes, url.Values{"body": {"老客户，去年办过年卡"}, "kind": {"note"}})
	wantPage(t, "add note (form)", status, body, http.StatusSeeOther)
	status, body, _ = li.htmx("POST", notes, url.Values{"body": {"投诉：排队超过一小时"}, "kind": {"feedback"}})
	wantPage(t, "add feedback (htmx)", status, body, http.StatusOK, `id="notes-block"`, "note note-feedback",
		"投诉：排队超过一小时", "用户反馈", "老客户，去年办过年卡")
	if !strings.HasPrefix(strings.TrimSpace(body), `<div id="notes-block">`) {
		t.Errorf("htmx answer is not the notes block: %.80s", body)
	}
	tests := []struct {
		name string
		form url.Values
		path string
		want int
	}{
		{"empty note", url.Values{"body": {"  "}, "kind": {"note"}}, notes, http.StatusBadRequest},
		{"unknown kind", url.Values{"body": {"x"}, "kind": {"todo"}}, notes, http.StatusBadRequest},
		{"unknown follower", url.Values{"body": {"x"}, "kind": {"note"}}, app.path("/followers/o_nobody/notes"), http.StatusNotFound},
		{"no csrf token", url.Values{"body": {"x"}, "kind": {"note"}, "csrf": {"forged"}}, notes, http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := wang.post(tt.path, tt.form)
			wantPage(t, tt.name, status, body, tt.want)
		})
	}
	_, body = wang.get(app.path("/followers/o_fan"))
	if strings.Count(body, `class="note note-`) != 2 || strings.Count(body, "note-delete") != 1 {
		t.Errorf("wang should see two notes and delete only his own")
	}
	del := hrefAction(t, body, "/delete", "notes/")
	status, _ = li.post(del, nil)
	wantPage(t, "delete someone else's note", status, "", http.StatusForbidden)
	status, _ = wang.post(del, nil)
	wantPage(t, "delete own note", status, "", http.StatusSeeOther)
	_, body = wang.get(app.path("/followers/o_fan"))
	if strings.Contains(body, "老客户，去年办过年卡") || !strings.Contains(body, "投诉：排队超过一小时") {
		t.Errorf("after delete: wrong notes left")
	}
}

// hrefAction finds the first form action containing both parts.
func hrefAction(t *testing.T, body, part, also string) string {
	t.Helper()
	for _, chunk := range strings.Split(body, `action="`)[1:] {
		a := chunk[:strings.Index(chunk, `"`)]
		if strings.Contains(a, part) && strings.Contains(a, also) {
			return a
		}
	}
	t.Fatalf("no form action with %q and %q", part, also)
	return ""
}

func TestFollowerTags(t *testing.T) {
	app, _ := cfFixture(t)
	c := app.login("xiaowang")
	tags := app.path("/followers/o_fan/tags")
	status, body, _ := c.htmx("POST", tags, url.Values{"name": {" VIP "}})
	wantPage(t, "add tag", status, body, http.StatusOK, `id="follower-tags"`, ">VIP")
	status, body = c.post(tags, url.Values{"name": {"老客户"}})
	wantPage(t, "add tag (form)", status, body, http.StatusSeeOther)
	status, body = c.post(tags, url.Values{"name": {""}})
	wantPage(t, "empty tag", status, body, http.StatusBadRequest)
	_, body = c.get(app.path("/followers/o_fan"))
	wantPage(t, "file with tags", http.StatusOK, body, http.StatusOK, "VIP", "老客户")
	rm := hrefAction(t, body, "/delete", "/tags/")
	status, body, _ = c.htmx("POST", rm, nil)
	wantPage(t, "remove tag", status, body, http.StatusOK, `id="follower-tags"`)
	if strings.Count(body, `class="tag"`) != 1 {
		t.Errorf("one tag should be left: %s", body)
	}
	status, _, _ = c.htmx("POST", rm, nil)
	wantPage(t, "remove twice", status, "", http.StatusNotFound)
}
