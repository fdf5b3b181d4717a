package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// dashApp is the web app with a little history on its account: two
// follows and an unfollow today, rule replies, two agents' conversations.
type dashApp struct {
	*testApp
	agentA, agentB *user.User
}

func newDashApp(t *testing.T) *dashApp {
	t.Helper()
	a := &dashApp{testApp: newTestApp(t)}
	ctx := context.Background()
	if _, err := a.H.Rules.Save(ctx, parkRules(a.Account.ID, "门票 80 元")); err != nil {
		t.Fatalf("save rules: %v", err)
	}
	a.addUser("boss", user.Admin, a.Account.ID)
	a.agentA = a.addUser("xiaowang", user.Agent, a.Account.ID)
	a.agentB = a.addUser("xiaoli", user.Agent, a.Account.ID)
	a.addUser("guest", user.Viewer, a.Account.ID)
	now := time.Now()
	a.commit(
		a.event("o_1", "subscribe", now.Add(-3*time.Minute)),
		a.event("o_2", "subscribe", now.Add(-2*time.Minute)),
		a.event("o_3", "unsubscribe", now.Add(-time.Minute)),
		a.text("o_1", 1, "门票多少钱", now.Add(-90*time.Second), 2),
		a.text("o_2", 2, "门票", now.Add(-80*time.Second), 2),
		a.text("o_2", 3, "人工", now.Add(-70*time.Second), 4),
	)
	a.conversations(now)
	return a
}

func (a *dashApp) commit(batch ...inbox.Inbound) {
	a.t.Helper()
	if _, err := a.DB.CommitInbound(context.Background(), batch); err != nil {
		a.t.Fatalf("CommitInbound: %v", err)
	}
	// Fold it into the rollups now: a page's own catch-up is time-boxed,
	// and a loaded test machine must not make the figures flaky.
	if _, err := analytics.NewProjector(a.DB, nil).CatchUp(context.Background()); err != nil {
		a.t.Fatalf("fold rollups: %v", err)
	}
}

func (a *dashApp) event(openID, name string, at time.Time) inbox.Inbound {
	return inbox.Inbound{
		Message: inbox.Message{AccountID: a.Account.ID, OpenID: openID, Kind: inbox.KindEvent, MsgType: "event",
			Event: name, DedupeKey: openID + name, Raw: []byte("<xml/>"), ReceivedAt: at},
		Follower: audience.Change{OpenID: openID, At: at, Subscribe: name == "subscribe", Unsubscribe: name == "unsubscribe"},
	}
}

// text is a message answered by rule (version 1).
func (a *dashApp) text(openID string, id int64, content string, at time.Time, rule int64) inbox.Inbound {
	return inbox.Inbound{
		Message: inbox.Message{AccountID: a.Account.ID, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text",
			MsgID: id, DedupeKey: fmt.Sprint(id), Content: content, Raw: []byte("<xml/>"), ReceivedAt: at},
		Reply:    &inbox.Reply{Content: "答复", Source: inbox.Source{RuleID: rule, RuleVersion: 1}, Status: "sent"},
		Follower: audience.Change{OpenID: openID, At: at, Message: true},
	}
}

// conversations: agent A answered one in 2 minutes and closed it, and owns
// one that waits; agent B answered one in 10 minutes.
func (a *dashApp) conversations(now time.Time) {
	a.t.Helper()
	cols := []string{"account_id", "openid", "status", "assignee_id", "opened_at", "last_message_at",
		"waiting_since", "first_response_at", "closed_at", "closed_by"}
	at := func(d time.Duration) time.Time { return now.Add(-d) }
	var zero time.Time
	rows := [][]any{
		{a.Account.ID, "o_1", "closed", a.agentA.ID, at(30 * time.Minute), at(30 * time.Minute), zero, at(28 * time.Minute), at(20 * time.Minute), a.agentA.ID},
		{a.Account.ID, "o_2", "assigned", a.agentA.ID, at(15 * time.Minute), at(6 * time.Minute), at(6 * time.Minute), zero, zero, nil},
		{a.Account.ID, "o_3", "assigned", a.agentB.ID, at(25 * time.Minute), at(25 * time.Minute), zero, at(15 * time.Minute), zero, nil},
	}
	if err := a.DB.BulkLoad(context.Background(), "conversations", cols, rows); err != nil {
		a.t.Fatalf("load conversations: %v", err)
	}
}

func (a *dashApp) path(s string) string { return "/a/" + a.Account.AppID + s }

func TestDashboardShow(t *testing.T) {
	app := newDashApp(t)
	c := app.login("guest") // a viewer may look
	status, body := c.get(app.path("?days=7"))
	body = html.UnescapeString(body)
	wantPage(t, "dashboard", status, body, http.StatusOK,
		"数据概览", "粉丝总数", `class="chart"`, "data-chart=", "charts.js", "uPlot.iife.min.js",
		"门票 Tickets", "#2", "v1", "当前生效", // replies by rule, named from the live rule set
		"默认 Default", "近 7 天", `aria-current="page"`)
	// Two follows and an unfollow today: +2 new, net +1; one conversation waits 6 minutes.
	for _, want := range []string{"今日 +2", "期间净增 +1", "6 分钟", "待回复 1 · 未分配 0"} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if strings.Contains(body, "dash.") {
		t.Errorf("dashboard shows an untranslated key")
	}
}

func TestDashboardRangeAndLanguage(t *testing.T) {
	app := newDashApp(t)
	c := app.login("boss")
	c.lang = "en"
	tests := []struct{ query, active string }{
		{"", "Last 30 days"}, {"?days=90", "Last 90 days"}, {"?days=13", "Last 30 days"}, {"?days=x", "Last 30 days"},
	}
	for _, tc := range tests {
		status, body := c.get(app.path(tc.query))
		wantPage(t, "dashboard "+tc.query, status, body, http.StatusOK, "Follower growth", "Replies by rule")
		if !strings.Contains(body, `aria-current="page">`+tc.active+`</a>`) {
			t.Errorf("dashboard %q: active range is not %q", tc.query, tc.active)
		}
	}
}

func TestHomeOverview(t *testing.T) {
	app := newDashApp(t)
	other := app.addAccount("wxtest00000000002", "第二个号")
	app.addUser("owner", user.Owner, user.AllAccounts)
	c := app.login("owner")
	status, body := c.get("/")
	body = html.UnescapeString(body)
	wantPage(t, "home", status, body, http.StatusOK,
		"全部公众号", "card-"+app.Account.AppID, "card-"+other.AppID, "测试服务号", "第二个号",
		"今日新增", "最长等待", "粉丝增长", "互动时段分布", `class="chart"`, "共 2 个公众号")
	// The first account's card: 2 followers (o_3 unfollowed), +2 today, 3 messages.
	card := body[strings.Index(body, "card-"+app.Account.AppID):strings.Index(body, "card-"+other.AppID)]
	for _, want := range []string{`<span class="acct-big">2</span>`, `<dd class="up">+2</dd>`, `<dd class="down">1</dd>`,
		"<dd>3</dd>", "6 分钟"} {
		if !strings.Contains(card, want) {
			t.Errorf("account card lacks %q: %s", want, card)
		}
	}
	// A user sees only the accounts they hold a role on.
	status, body = app.login("guest").get("/")
	wantPage(t, "home of a viewer", status, body, http.StatusOK, "card-"+app.Account.AppID)
	if strings.Contains(body, "card-"+other.AppID) {
		t.Errorf("a viewer of one account sees the other's card")
	}
}

func TestAgentsShow(t *testing.T) {
	app := newDashApp(t)
	t.Run("admin sees every agent", func(t *testing.T) {
		status, body := app.login("boss").get(app.path("/agents?days=7"))
		wantPage(t, "agents", status, body, http.StatusOK, "客服绩效", "xiaowang", "xiaoli", "agents-table",
			"首次响应（中位数）", "2 分钟", "10 分钟", // the team's median of 2 and 10 minutes (nearest rank), B's
			"每日明细", `class="chart"`)
	})
	t.Run("an agent sees only their own row", func(t *testing.T) {
		status, body := app.login("xiaowang").get(app.path("/agents"))
		wantPage(t, "agents as agent", status, body, http.StatusOK, "仅显示你本人的数据", "xiaowang", "2 分钟")
		if strings.Contains(body, "xiaoli") {
			t.Errorf("an agent sees another agent's numbers")
		}
	})
	t.Run("a viewer may not", func(t *testing.T) {
		status, body := app.login("guest").get(app.path("/agents"))
		wantPage(t, "agents as viewer", status, body, http.StatusForbidden)
	})
}

func TestDashboardPermissions(t *testing.T) {
	app := newDashApp(t)
	other := app.addAccount("wxtest00000000003", "别人的号")
	for _, path := range []string{app.path(""), app.path("/agents"), "/"} {
		status, _ := app.anonymous().get(path)
		if status != http.StatusSeeOther {
			t.Errorf("anonymous GET %s = %d, want a redirect to the login", path, status)
		}
	}
	c := app.login("xiaowang")
	for _, path := range []string{"/a/" + other.AppID, "/a/" + other.AppID + "/agents"} {
		if status, _ := c.get(path); status != http.StatusForbidden {
			t.Errorf("GET %s without a role on it = %d, want 403", path, status)
		}
	}
}
