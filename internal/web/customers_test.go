package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// cfBase is when the customer-file fixtures happen.
var cfBase = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)

// cfEvent commits a subscribe/unsubscribe push of openID, minutes after cfBase.
func (a *testApp) cfEvent(openID, event, key string, min int) {
	a.t.Helper()
	at := cfBase.Add(time.Duration(min) * time.Minute)
	in := inbox.Inbound{
		Message: inbox.Message{AccountID: a.Account.ID, OpenID: openID, Kind: inbox.KindEvent, MsgType: "event",
			Event: event, EventKey: key, DedupeKey: fmt.Sprintf("%s|%d|%s", openID, min, event),
			Raw: []byte("<xml/>"), CreateTime: at, ReceivedAt: at},
		Follower: audience.Change{OpenID: openID, At: at, Subscribe: event == "subscribe", Unsubscribe: event == "unsubscribe"},
	}
	if strings.HasPrefix(key, "qrscene_") {
		in.Follower.QRScene = strings.TrimPrefix(key, "qrscene_")
	}
	a.cfCommit(in)
}

// cfText commits a text message answered by rule 7 version 3.
func (a *testApp) cfText(openID, text string, msgID int64, min int) {
	a.t.Helper()
	at := cfBase.Add(time.Duration(min) * time.Minute)
	a.cfCommit(inbox.Inbound{
		Message: inbox.Message{AccountID: a.Account.ID, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text",
			MsgID: msgID, DedupeKey: fmt.Sprint(msgID), Content: text, Raw: []byte("<xml/>"), CreateTime: at, ReceivedAt: at},
		Reply: &inbox.Reply{Channel: inbox.ChannelPassive, MsgType: "text", Content: "自动回复：" + text, Body: []byte("<xml/>"),
			Source: inbox.Source{RuleID: 7, RuleVersion: 3}, Status: inbox.ReplySent},
		Follower: audience.Change{OpenID: openID, At: at, Message: true},
	})
}

func (a *testApp) cfCommit(in inbox.Inbound) {
	a.t.Helper()
	if _, err := a.DB.CommitInbound(context.Background(), []inbox.Inbound{in}); err != nil {
		a.t.Fatalf("CommitInbound: %v", err)
	}
}

// cfFollowers bulk loads n followers named 粉丝NN (the newest first seen last).
func (a *testApp) cfFollowers(n int) {
	a.t.Helper()
	var rows [][]any
	for i := range n {
		rows = append(rows, []any{a.Account.ID, fmt.Sprintf("obulk_%06d", i), i%4 != 0, fmt.Sprintf("粉丝%02d", i),
			"", cfBase.Add(time.Duration(i) * time.Second)})
	}
	cols := []string{"account_id", "openid", "subscribed", "nickname", "remark", "first_seen_at"}
	if err := a.DB.BulkLoad(context.Background(), "followers", cols, rows); err != nil {
		a.t.Fatalf("BulkLoad: %v", err)
	}
}

// path is a path inside the test account.
func (a *testApp) path(p string) string { return "/a/" + a.Account.AppID + p }

func TestFollowerListPages(t *testing.T) {
	app := newTestApp(t)
	app.addUser("agent", user.Agent, app.Account.ID)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	app.cfFollowers(60)
	c := app.login("agent")

	status, body := c.get(app.path("/followers"))
	wantPage(t, "first page", status, body, http.StatusOK, `id="follower-table"`, "粉丝59", `id="followers-next"`, "关注中")
	_, totals, _ := c.htmx("GET", app.path("/followers?part=totals"), nil)
	wantPage(t, "totals", http.StatusOK, totals, http.StatusOK, `id="followers-total">60<`,
		`id="followers-subscribed">45<`, `id="followers-unsubscribed">15<`)
	if strings.Contains(body, "粉丝09") || strings.Count(body, `class="follower-row"`) != 50 {
		t.Errorf("first page should hold the 50 newest followers")
	}
	next := hrefOf(t, body, "followers-next")
	status, body = c.get(next)
	wantPage(t, "second page", status, body, http.StatusOK, "粉丝09", "粉丝00", `id="followers-first"`)
	if strings.Contains(body, "粉丝59") || strings.Contains(body, `id="followers-next"`) {
		t.Errorf("second page repeats the first or offers a third")
	}
	tests := []struct {
		name, query string
		want        []string
		wantNot     []string
	}{
		{"prefix search", "?q=" + url.QueryEscape("粉丝1"), []string{"粉丝10", "粉丝19"}, []string{"粉丝20", "粉丝09"}},
		{"openid search", "?q=obulk_000033", []string{"粉丝33"}, []string{"粉丝32"}},
		{"unsubscribed", "?status=unsubscribed", []string{"粉丝56", "粉丝00"}, []string{"粉丝57"}},
		{"no match", "?q=nobody", []string{"没有符合条件的粉丝"}, []string{`id="follower-table"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := c.get(app.path("/followers") + tt.query)
			wantPage(t, tt.name, status, body, http.StatusOK, tt.want...)
			for _, s := range tt.wantNot {
				if strings.Contains(body, s) {
					t.Errorf("%s: body has %q", tt.name, s)
				}
			}
		})
	}
	status, body = c.get(app.path("/followers?after=garbage"))
	wantPage(t, "bad cursor", status, body, http.StatusBadRequest)
	status, _ = app.login("viewer").get(app.path("/followers"))
	wantPage(t, "viewer", status, "", http.StatusForbidden)
	status, _ = app.anonymous().get(app.path("/followers"))
	wantPage(t, "anonymous", status, "", http.StatusSeeOther)
}

// hrefOf finds the href of the element with the given id.
func hrefOf(t *testing.T, body, id string) string {
	t.Helper()
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("no #%s", id)
	}
	rest := body[i:]
	j := strings.Index(rest, `href="`)
	if j < 0 {
		t.Fatalf("#%s has no href", id)
	}
	rest = rest[j+len(`href="`):]
	return strings.ReplaceAll(rest[:strings.Index(rest, `"`)], "&amp;", "&")
}
