package web

import (
	"context"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// menuSims holds each test app's simulated WeChat, by store.
var menuSims sync.Map

// testMenus is the menu service of newTestApp: its WeChat is a simulator
// that knows the test account with the harness's credentials.
func testMenus(t *testing.T, db *sqlstore.DB, rules *autoreply.Registry, arts *content.Service) *menu.Service {
	t.Helper()
	p, srv := simtest.NewServer(t, simulator.Options{})
	sa := simtest.Account("wxtest00000000001", simulator.ModePlain, "")
	sa.Secret = "secret"
	simtest.MustAdd(t, p, sa)
	menuSims.Store(db, p)
	wx := wxclient.New(wxclient.Options{BaseURL: srv.URL, Logger: slog.New(slog.DiscardHandler)})
	return menu.NewService(menu.Options{Store: db, Rules: rules, Articles: arts, Projector: analytics.NewProjector(db, nil),
		WeChat: func(a *account.Account) menu.WeChat {
			return wx.Account(wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: srv.URL})
		}})
}

func menuSim(app *testApp) *simulator.Platform {
	p, _ := menuSims.Load(app.DB)
	return p.(*simulator.Platform)
}

func menuDoc(reply string) url.Values {
	doc := fmt.Sprintf(`{"button":[{"name":"营业时间","type":"click","key":"HOURS","reply":{"text":%q}},
		{"name":"更多","sub_button":[{"name":"官网","type":"view","url":"https://example.com/?a=1&b=2"}]}]}`, reply)
	return url.Values{"document": {doc}, "note": {"春节"}}
}

func TestMenuEditor(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	op, viewer := app.login("op"), app.login("viewer")
	page := app.path("/menu")

	status, body := op.get(page)
	wantPage(t, "empty editor", status, body, http.StatusOK, `id="menu-editor"`, `id="nav-menu"`, "还没有保存过菜单", `id="menu-form"`, "menus.js",
		`&#34;tags_url&#34;:&#34;`+app.path("/tags")+`&#34;`, "先在“用户标签”页创建并同步标签")
	status, body = viewer.get(page)
	wantPage(t, "viewer", status, body, http.StatusOK, `id="menu-editor"`, "修改和发布需要运营")
	if status, _ := viewer.post(page, menuDoc("x")); status != http.StatusForbidden {
		t.Fatalf("viewer save: %d, want 403", status)
	}

	bad := url.Values{"document": {`{"button":[{"name":"一二三四五六","type":"click","reply":{"text":"保留我"}}]}`}}
	status, body = op.post(page, bad)
	wantPage(t, "too long", status, body, http.StatusBadRequest, `id="menu-problems"`,
		"菜单 1: 名称超过 16 字节（当前 18） / Menu 1: name longer than 16 bytes (has 18)", html.EscapeString("保留我"))
	status, body = op.post(page, url.Values{"document": {"{not json"}})
	wantPage(t, "not JSON", status, body, http.StatusBadRequest, `id="menu-error"`)

	status, _ = op.post(page, menuDoc("每天 9 点到 18 点"))
	wantPage(t, "save", status, "", http.StatusSeeOther)
	status, body = op.get(page + "?done=saved")
	wantPage(t, "saved", status, body, http.StatusOK, "草稿已保存", "草稿版本 1", "未发布", "HOURS")

	form := menuDoc("每天 9 点到 18 点")
	form.Set("base_version", "1")
	status, _ = op.post(page+"/publish", form)
	wantPage(t, "publish", status, "", http.StatusSeeOther)
	if m := menuSim(app).Menus(app.Account.AppID); m.Menu == nil || m.Menu.Button[0].Key != "HOURS" {
		t.Fatalf("simulator holds %+v", m)
	}
	status, body = op.get(page)
	wantPage(t, "published", status, body, http.StatusOK, "已发布版本 1", "草稿与微信上一致", "草稿版本 1")
	status, body, _ = op.htmx("GET", page+"/remote", nil)
	wantPage(t, "remote", status, body, http.StatusOK, `&#34;key&#34;: &#34;HOURS&#34;`, "https://example.com/?a=1&amp;b=2", "menuid")

	form.Set("base_version", "7")
	status, body = op.post(page+"/publish", form)
	wantPage(t, "stale publish", status, body, http.StatusBadRequest, "version 1")
	if !menuAudited(t, app, "menu.save") || !menuAudited(t, app, "menu.publish") {
		t.Error("save and publish are not in the audit log")
	}

	form.Set("base_version", "1")
	form.Set("document", menuDoc("周末休息")["document"][0])
	status, _ = op.post(page, form)
	wantPage(t, "save version 2", status, "", http.StatusSeeOther)
	status, body = op.get(page)
	wantPage(t, "draft ahead", status, body, http.StatusOK, "草稿版本 2", "草稿有未发布的修改", "载入此版本")
	status, body = op.get(page + "?version=1")
	wantPage(t, "restore", status, body, http.StatusOK, `id="menu-restoring"`, html.EscapeString(`"每天 9 点到 18 点"`))
	status, _ = op.get(page + "?version=99")
	wantPage(t, "unknown version", status, "", http.StatusNotFound)
	status, _ = op.post(page+"/unpublish", nil)
	wantPage(t, "unpublish", status, "", http.StatusSeeOther)
	if m := menuSim(app).Menus(app.Account.AppID); m.Menu != nil {
		t.Fatalf("simulator still holds %+v", m)
	}
}

func TestMenuClickCounts(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	op := app.login("op")
	page := app.path("/menu")
	if status, _ := op.post(page, menuDoc("hi")); status != http.StatusSeeOther {
		t.Fatalf("save: %d", status)
	}
	now := time.Now()
	var batch []inbox.Inbound
	// Three clicks now and one ten days ago: in the 30-day count only.
	for i := range 4 {
		at := now.Add(-time.Duration(i) * time.Minute)
		if i == 3 {
			at = now.AddDate(0, 0, -10)
		}
		batch = append(batch, inbox.Inbound{Message: inbox.Message{AccountID: app.Account.ID, OpenID: "oFan", Kind: inbox.KindEvent,
			MsgType: "event", Event: "CLICK", EventKey: "HOURS", DedupeKey: fmt.Sprintf("click-%d", i), CreateTime: at, ReceivedAt: at,
			Raw: []byte("<xml/>")}})
	}
	if _, err := app.DB.CommitInbound(context.Background(), batch); err != nil {
		t.Fatal(err)
	}
	status, body := op.get(page)
	wantPage(t, "counts", status, body, http.StatusOK, `data-target="HOURS"`, `<td class="num menu-week">3</td>`,
		`<td class="num menu-month">4</td>`, `&#34;CLICK HOURS&#34;:[3,4]`)
	op.lang = "en"
	status, body = op.get(page)
	wantPage(t, "in English", status, body, http.StatusOK, "Custom menu", "Draft version 1", "Default menu · 1", "7 days")
}

func menuAudited(t *testing.T, app *testApp, action string) bool {
	t.Helper()
	list, err := app.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: app.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.Action == action {
			return true
		}
	}
	return false
}
