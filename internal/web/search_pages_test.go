package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/user"
)

// indexSearch brings the search index up to date.
func (a *testApp) indexSearch() {
	a.t.Helper()
	for {
		n, err := a.DB.IndexSearch(context.Background(), 500)
		if err != nil {
			a.t.Fatalf("IndexSearch: %v", err)
		}
		if n == 0 {
			return
		}
	}
}

func TestSearchPages(t *testing.T) {
	app := newTestApp(t)
	other := app.addAccount("wxother0000000002", "第二个号")
	hidden := app.addAccount("wxhidden000000003", "看不到的号")
	app.pushes(app.Account, testPush{openid: "o_a", text: "!我要退款", age: time.Hour}, testPush{openid: "o_b", text: "优惠券怎么用", age: time.Hour})
	app.pushes(other, testPush{openid: "o_x", text: "退款什么时候到账", age: time.Hour})
	app.pushes(hidden, testPush{openid: "o_secret", text: "机密退款", age: time.Hour})
	app.indexSearch()
	u := app.addUser("agent", user.Agent, app.Account.ID)
	if err := app.DB.SetMembership(context.Background(), user.Membership{UserID: u.ID, AccountID: other.ID, Role: user.Agent}); err != nil {
		t.Fatal(err)
	}
	app.addUser("viewer", user.Viewer, app.Account.ID)
	c := app.login("agent")
	base := "/a/" + app.Account.AppID

	status, body := c.get(base + "/search")
	wantPage(t, "empty search", status, body, http.StatusOK, `id="search-q"`, "search.css")
	status, body = c.get(base + "/search?q=" + url.QueryEscape("退款"))
	wantPage(t, "account search", status, body, http.StatusOK, "<mark>退款</mark>",
		base+"/followers/o_a", "re: 我要")
	if strings.Contains(body, "o_x") || strings.Contains(body, "机密") {
		t.Errorf("an account's search shows another account's messages")
	}
	if strings.Count(body, `<li class="search-hit`) != 2 {
		t.Errorf("want the message and its reply; got %d hits", strings.Count(body, `<li class="search-hit`))
	}
	status, body = c.get(base + "/search?answered=no&q=" + url.QueryEscape("退款"))
	wantPage(t, "unanswered", status, body, http.StatusOK, `id="search-results"`)
	if strings.Count(body, `<li class="search-hit`) != 0 {
		t.Errorf("the only refund message was answered; got hits")
	}
	status, body = c.get("/search?q=" + url.QueryEscape("退款"))
	wantPage(t, "search everywhere", status, body, http.StatusOK, "<mark>退款</mark>什么时候到账", "/a/wxother0000000002/followers/o_x",
		"第二个号", `name="account"`)
	if strings.Contains(body, "机密") {
		t.Errorf("the search across accounts shows an account the user has no role on")
	}
	status, body = c.get("/search?q=a")
	wantPage(t, "too short", status, body, http.StatusOK, `id="search-problem"`)
	status, body = c.get(base + "/search?q=x&from=yesterday")
	wantPage(t, "bad date", status, body, http.StatusBadRequest)

	v := app.login("viewer")
	status, _ = v.get(base + "/search?q=" + url.QueryEscape("退款"))
	wantPage(t, "viewer", status, "", http.StatusForbidden)
	status, _ = app.anonymous().get("/search?q=" + url.QueryEscape("退款"))
	wantPage(t, "anonymous", status, "", http.StatusSeeOther)
}
