package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// testTags is the harness's tag service: no account reaches WeChat, so
// tags stay local. Tests of the WeChat side use withSimTags.
func testTags(db *sqlstore.DB) *tagging.Service {
	return tagging.New(db, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// withSimTags points the app's tag service at a simulator holding the
// test account and the given subscribed followers.
func withSimTags(t *testing.T, app *testApp, followers ...string) *simulator.Platform {
	t.Helper()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	sim, srv := simtest.NewServer(t, simulator.Options{Logger: quiet})
	simtest.MustAdd(t, sim, simulator.Account{AppID: app.Account.AppID, Secret: app.Account.Secret, Token: "tok123",
		Mode: simulator.ModePlain, Type: simulator.TypeService, OriginalID: "gh_tagtest"})
	for _, id := range followers {
		if err := sim.AddFollower(app.Account.AppID, simulator.Follower{OpenID: id, Subscribed: true}); err != nil {
			t.Fatal(err)
		}
	}
	client := wxclient.New(wxclient.Options{BaseURL: srv.URL, RatePerSecond: -1, Logger: quiet})
	app.H.Tags = tagging.New(app.DB, func(a *account.Account) tagging.API {
		return client.Account(wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: srv.URL})
	}, quiet)
	return sim
}

func TestTagPage(t *testing.T) {
	app := newTestApp(t)
	sim := withSimTags(t, app)
	app.addUser("op", user.Operator, app.Account.ID)
	c := app.login("op")
	status, body := c.get(app.path("/tags"))
	wantPage(t, "empty page", status, body, http.StatusOK, `id="tag-create"`, "还没有标签", `id="nav-tags"`)

	status, _ = c.post(app.path("/tags"), url.Values{"name": {"老客户"}})
	wantPage(t, "create", status, "", http.StatusSeeOther)
	if tags := sim.Tags(app.Account.AppID); len(tags) != 1 || tags[0].Name != "老客户" {
		t.Fatalf("WeChat's tags = %+v", tags)
	}
	_, body = c.get(app.path("/tags?done=created"))
	wantPage(t, "after create", http.StatusOK, body, http.StatusOK, "标签已创建", `data-name="老客户"`, "已同步")

	status, body = c.post(app.path("/tags"), url.Values{"name": {strings.Repeat("长", 11)}})
	wantPage(t, "too long", status, body, http.StatusBadRequest, `id="tag-error"`, "字节")
	status, body = c.post(app.path("/tags"), url.Values{"name": {"老客户"}})
	wantPage(t, "duplicate", status, body, http.StatusConflict, "已存在")

	m := regexp.MustCompile(`action="(/a/[^"]+/tags/\d+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no rename form")
	}
	update := m[1]
	status, _ = c.post(update, url.Values{"name": {"VIP"}})
	wantPage(t, "rename", status, "", http.StatusSeeOther)
	if tags := sim.Tags(app.Account.AppID); tags[0].Name != "VIP" {
		t.Fatalf("WeChat's tag after rename = %+v", tags)
	}
	_, body = c.get(app.path("/tags"))
	del := hrefAction(t, body, "/delete", "/tags/")
	if !strings.Contains(body, `data-confirm="确定删除标签「VIP」`) {
		t.Error("delete has no confirmation")
	}
	status, _ = c.post(del, nil)
	wantPage(t, "delete", status, "", http.StatusSeeOther)
	if tags := sim.Tags(app.Account.AppID); len(tags) != 0 {
		t.Fatalf("WeChat still has %+v", tags)
	}
	if !tagAudited(t, app, "tag.delete", "VIP") {
		t.Error("the audit log does not name the deleted tag")
	}
	status, _ = c.post(del, nil)
	wantPage(t, "delete again", status, "", http.StatusNotFound)
}

// tagAudited reports whether the audit log has action with detail.
func tagAudited(t *testing.T, app *testApp, action, detail string) bool {
	t.Helper()
	list, err := app.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: app.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.Action == action && e.Detail == detail {
			return true
		}
	}
	return false
}

func TestTagPageSync(t *testing.T) {
	app := newTestApp(t)
	sim := withSimTags(t, app, "o_a")
	ctx := context.Background()
	if _, err := app.DB.CreateTag(ctx, app.Account.ID, "本地", 0); err != nil {
		t.Fatal(err)
	}
	app.addUser("op", user.Operator, app.Account.ID)
	c := app.login("op")
	_, body := c.get(app.path("/tags"))
	wantPage(t, "local tag", http.StatusOK, body, http.StatusOK, `id="tag-local-note"`, "仅本地")
	status, body := c.post(app.path("/tags/sync"), nil)
	wantPage(t, "sync", status, body, http.StatusOK, `id="tag-notice"`, "推送本地标签 1 个")
	if strings.Contains(body, `id="tag-local-note"`) {
		t.Error("the local tag is still local after the sync")
	}
	if tags := sim.Tags(app.Account.AppID); len(tags) != 1 || tags[0].Name != "本地" {
		t.Errorf("WeChat's tags = %+v", tags)
	}
}

func TestTagPageRoles(t *testing.T) {
	app := newTestApp(t)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	c := app.login("viewer")
	status, body := c.get(app.path("/tags"))
	wantPage(t, "viewer sees", status, body, http.StatusOK, "用户标签")
	if strings.Contains(body, `id="tag-create"`) || strings.Contains(body, `id="tag-sync"`) {
		t.Error("a viewer is offered changes")
	}
	for _, path := range []string{"/tags", "/tags/sync", "/tags/1", "/tags/1/delete"} {
		status, _ := c.post(app.path(path), url.Values{"name": {"x"}})
		wantPage(t, "viewer posts "+path, status, "", http.StatusForbidden)
	}
}

// TestFollowerTagsReachWeChat: the customer file's tag add and remove go
// through the tag service, at WeChat first.
func TestFollowerTagsReachWeChat(t *testing.T) {
	app, _ := cfFixture(t)
	sim := withSimTags(t, app, "o_fan")
	c := app.login("xiaowang")
	tags := app.path("/followers/o_fan/tags")
	status, body, _ := c.htmx("POST", tags, url.Values{"name": {"VIP"}})
	wantPage(t, "add tag", status, body, http.StatusOK, ">VIP")
	wx := sim.Tags(app.Account.AppID)
	if len(wx) != 1 || !slices.Contains(sim.FollowerTags(app.Account.AppID, "o_fan"), wx[0].ID) {
		t.Fatalf("WeChat: tags %+v, o_fan's %v", wx, sim.FollowerTags(app.Account.AppID, "o_fan"))
	}
	rm := hrefAction(t, body, "/delete", "/tags/")
	status, _, _ = c.htmx("POST", rm, nil)
	wantPage(t, "remove tag", status, "", http.StatusOK)
	if got := sim.FollowerTags(app.Account.AppID, "o_fan"); len(got) != 0 {
		t.Errorf("o_fan still tagged at WeChat: %v", got)
	}
}
