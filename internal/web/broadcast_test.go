package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/user"
)

func TestBroadcastComposeShowAndList(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	for i := range 3 {
		app.cfEvent(fmt.Sprintf("obc_fan_%d", i), "subscribe", "", i)
	}
	c := app.login("op")

	status, body := c.get(app.path("/broadcasts/new"))
	wantPage(t, "compose page", status, body, http.StatusOK, `id="broadcast-form"`, `name="kind" value="news"`, "hx-post=\"/a/"+app.Account.AppID+"/broadcasts/check\"")

	page := composeBroadcast(t, app, c, textDraft("五一预告", "五一假期开园时间：9:00–21:00"))
	status, body = c.get(page)
	wantPage(t, "broadcast page", status, body, http.StatusOK, "五一预告", "五一假期开园时间", `data-status="draft"`,
		`id="broadcast-preview-form"`, `id="broadcast-schedule-form"`, "将发送给 3 位粉丝")

	status, body = c.get(app.path("/broadcasts"))
	wantPage(t, "list", status, body, http.StatusOK, "五一预告", "全部粉丝", "草稿", `hx-trigger="sse:broadcast"`)
	if !broadcastAudited(t, app, "broadcast.create") {
		t.Error("creating a broadcast wrote no audit entry")
	}
}

func TestBroadcastRefusedDraftKeepsTheForm(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	c := app.login("op")
	status, body := c.post(app.path("/broadcasts"), textDraft("空的", ""))
	if status != http.StatusBadRequest {
		t.Fatalf("empty text: status %d, want 400; body %.400s", status, body)
	}
	wantPage(t, "refused draft", status, body, http.StatusBadRequest, `id="broadcast-error"`, `value="空的"`, "文本群发内容不能为空")
}

func TestBroadcastLiveCheck(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.cfEvent("obc_fan_1", "subscribe", "", 1)
	app.cfEvent("obc_fan_2", "subscribe", "", 2)
	c := app.login("op")
	status, body, _ := c.htmx("POST", app.path("/broadcasts/check"), textDraft("t", "你好，周末见"))
	wantPage(t, "check", status, body, http.StatusOK, "将发送给 2 位粉丝", `hx-swap-oob="innerHTML"`, "你好，周末见", "群发额度")
}

func TestBroadcastPreviewScheduleCancel(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("admin", user.Admin, app.Account.ID)
	app.cfEvent("obc_fan_1", "subscribe", "", 1)
	app.cfEvent("obc_fan_2", "subscribe", "", 2)
	admin, c := app.login("admin"), app.login("op")
	status, body := admin.post(app.path("/broadcasts/settings"), url.Values{"daily_cap": {"2"}, "recent_hours": {"72"},
		"preview_openids": {"otest_a\notest_b"}})
	if status != http.StatusSeeOther {
		t.Fatalf("save settings: %d %.400s", status, body)
	}
	page := composeBroadcast(t, app, c, textDraft("预览测试", "今晚 8 点直播"))

	status, body = c.post(page+"/preview", url.Values{})
	if status != http.StatusSeeOther {
		t.Fatalf("preview to the settings' followers: %d %.400s", status, body)
	}
	if got := app.mass().sentPreviews(); strings.Join(got, ",") != "otest_a,otest_b" {
		t.Errorf("previews went to %v, want the settings' test followers", got)
	}
	if status, _ = c.post(page+"/preview", url.Values{"openids": {"otyped_1"}}); status != http.StatusSeeOther {
		t.Fatalf("preview to a typed follower: %d", status)
	}
	if got := app.mass().sentPreviews(); strings.Join(got, ",") != "otest_a,otest_b,otyped_1" {
		t.Errorf("previews went to %v, want the typed follower after the settings' ones", got)
	}
	_, body = c.get(page + "?done=previewed")
	wantPage(t, "previewed notice", http.StatusOK, body, http.StatusOK, "预览已发送")
	if _, body = c.get(page + "?done=bogus"); strings.Contains(body, "broadcasts.done.") {
		t.Error("an unknown ?done= shows a raw catalog key")
	}

	status, body = c.post(page+"/schedule", url.Values{"at": {"明天"}})
	wantPage(t, "bad time", status, body, http.StatusBadRequest, "定时时间格式不对")
	at := time.Now().In(app.Account.Location()).Add(48 * time.Hour).Format(scheduleLayout)
	if status, body = c.post(page+"/schedule", url.Values{"at": {at}}); status != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", status, alertOf(body))
	}
	_, body = c.get(page)
	wantPage(t, "scheduled", http.StatusOK, body, http.StatusOK, `data-status="scheduled"`)
	if status, body = c.post(page+"/cancel", url.Values{}); status != http.StatusSeeOther {
		t.Fatalf("cancel: %d %.400s", status, body)
	}
	_, body = c.get(page)
	wantPage(t, "cancelled", http.StatusOK, body, http.StatusOK, `data-status="cancelled"`)
	for _, action := range []string{"broadcast.preview", "broadcast.schedule", "broadcast.cancel", "broadcast.settings"} {
		if !broadcastAudited(t, app, action) {
			t.Errorf("no audit entry %s", action)
		}
	}
}

func TestBroadcastEditDraft(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	c := app.login("op")
	page := composeBroadcast(t, app, c, textDraft("旧标题", "旧内容"))
	status, body := c.get(page + "/edit")
	wantPage(t, "edit form", status, body, http.StatusOK, `value="旧标题"`, "旧内容")
	if status, body = c.post(page+"/edit", textDraft("新标题", "新内容")); status != http.StatusSeeOther {
		t.Fatalf("update: %d %.400s", status, body)
	}
	_, body = c.get(page)
	wantPage(t, "after edit", http.StatusOK, body, http.StatusOK, "新标题", "新内容")
}

func TestBroadcastSettingsPage(t *testing.T) {
	app := newTestApp(t)
	app.addUser("admin", user.Admin, app.Account.ID)
	app.addUser("op", user.Operator, app.Account.ID)
	admin, op := app.login("admin"), app.login("op")
	status, body := admin.get(app.path("/broadcasts/settings"))
	wantPage(t, "settings", status, body, http.StatusOK, `name="daily_cap"`, `name="preview_openids"`)
	status, body = admin.post(app.path("/broadcasts/settings"), url.Values{"daily_cap": {"-1"}, "recent_hours": {"72"}})
	wantPage(t, "negative cap", status, body, http.StatusBadRequest, "请输入不小于 0 的整数", `value="-1"`)
	if status, _ = op.get(app.path("/broadcasts/settings")); status != http.StatusForbidden {
		t.Errorf("operator on the settings page: %d, want 403", status)
	}
}

func TestBroadcastViewerReadsOnly(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	page := composeBroadcast(t, app, app.login("op"), textDraft("只读测试", "内容"))
	v := app.login("viewer")
	status, body := v.get(app.path("/broadcasts"))
	wantPage(t, "viewer list", status, body, http.StatusOK, "只读测试", "只有运营及以上角色")
	if strings.Contains(body, `id="broadcast-new"`) {
		t.Error("a viewer is offered the new-broadcast button")
	}
	status, body = v.get(page)
	wantPage(t, "viewer page", status, body, http.StatusOK, "只读测试")
	if strings.Contains(body, `id="broadcast-schedule-form"`) {
		t.Error("a viewer is offered the schedule form")
	}
	if status, _ = v.get(app.path("/broadcasts/new")); status != http.StatusForbidden {
		t.Errorf("viewer on the compose page: %d, want 403", status)
	}
	if status, _ = v.get(app.path("/broadcasts/999")); status != http.StatusNotFound {
		t.Errorf("unknown broadcast: %d, want 404", status)
	}
}

func TestPeakTimes(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	p := &Page{Now: time.Date(2024, 5, 1, 12, 30, 0, 0, loc), Account: &account.Account{TimeZone: "Asia/Shanghai"}}
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	p.h = &Handler{i18n: cat}
	p.Lang = "zh-CN"
	got := peakTimes(p, []int{20, 8, 12, 25})
	want := []peakTime{{"今天 20:00", "2024-05-01T20:00"}, {"明天 08:00", "2024-05-02T08:00"}, {"明天 12:00", "2024-05-02T12:00"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("peakTimes = %v, want %v", got, want)
	}
}

func TestSplitOpenIDs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"oA\noB", "oA,oB"},
		{" oA , oB，oA\r\n\toC ", "oA,oB,oC"},
	}
	for _, tt := range tests {
		if got := strings.Join(splitOpenIDs(tt.in), ","); got != tt.want {
			t.Errorf("splitOpenIDs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBroadcastResultsAfterSending(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.cfEvent("obc_fan_1", "subscribe", "", 1)
	app.cfEvent("obc_fan_2", "subscribe", "", 2)
	c := app.login("op")
	page := composeBroadcast(t, app, c, textDraft("立即发送", "今晚闭园提前到 20:00"))
	if status, body := c.post(page+"/schedule", url.Values{"now": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("send now: %d %s", status, alertOf(body))
	}
	id := int64(1)
	if err := app.H.Broadcasts.Run(context.Background(), app.Account.ID, id); err != nil {
		t.Fatalf("run the broadcast: %v", err)
	}
	status, body := c.get(page)
	wantPage(t, "sent page", status, body, http.StatusOK, `data-status="sent"`, `id="res-accepted">2<`, `id="broadcast-jobs"`,
		`id="res-unfollows-24h">0<`)
	if strings.Contains(body, `id="broadcast-schedule-form"`) {
		t.Error("a sent broadcast still offers the schedule form")
	}
	status, body, _ = c.htmx("GET", page+"/live", nil)
	wantPage(t, "live part", status, body, http.StatusOK, `id="broadcast-live"`, `hx-trigger="sse:broadcast, every 5s"`)
	if strings.Contains(body, "<html") {
		t.Error("the live part is a whole page")
	}
	status, body = c.get(app.path("/broadcasts"))
	wantPage(t, "list after sending", status, body, http.StatusOK, `data-status="sent"`, `class="num bc-unfollows">0 / 0<`)
}

func TestBroadcastNewsAndTemplateForms(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.cfEvent("obc_fan_1", "subscribe", "", 1)
	app.cfEvent("obc_fan_2", "subscribe", "", 2)
	c := app.login("op")
	var ids []string
	for _, title := range []string{"春季上新", "会员日"} {
		a := &content.Article{AccountID: app.Account.ID, Title: title, CoverURL: "https://img.example.com/c.jpg", URL: "https://example.com/" + title}
		if err := app.H.Articles.Create(context.Background(), a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, fmt.Sprint(a.ID))
	}
	news := url.Values{"title": {"图文"}, "kind": {"news"}, "media_id": {"DRAFT_MEDIA_1"}, "article_id": ids, "audience": {"all"}, "text": {"不该留下"}}
	page := composeBroadcast(t, app, c, news)
	status, body := c.get(page)
	wantPage(t, "news page", status, body, http.StatusOK, `class="wx-news"`, "春季上新", `class="bc-news-title">会员日<`)
	if strings.Contains(body, "不该留下") {
		t.Error("a news broadcast kept the text typed for another kind")
	}
	status, body = c.get(page + "/edit")
	wantPage(t, "news edit", status, body, http.StatusOK, `value="`+ids[0]+`" checked`, `value="`+ids[1]+`" checked`)

	// News from the library needs no media_id: the draft is made when it
	// is sent, and the form says the field may stay empty.
	status, body = c.get(app.path("/broadcasts/new"))
	wantPage(t, "media_id is optional for news", status, body, http.StatusOK, "图文可留空", "通常留空")
	library := url.Values{"title": {"只选图文"}, "kind": {"news"}, "article_id": ids[:1], "audience": {"all"}}
	_, body = c.get(composeBroadcast(t, app, c, library))
	wantPage(t, "news from the library", http.StatusOK, body, http.StatusOK, `class="wx-news"`, "春季上新")
	if strings.Contains(body, "图文草稿") {
		t.Error("a library news broadcast is previewed as a typed draft")
	}
	status, body, _ = c.htmx("POST", app.path("/broadcasts/check"), url.Values{"title": {"t"}, "kind": {"news"},
		"media_id": {"DRAFT_ONLY"}, "audience": {"all"}})
	wantPage(t, "news by media_id only", status, body, http.StatusOK, "图文草稿 DRAFT_ONLY")
	status, body = c.post(app.path("/broadcasts"), url.Values{"title": {"空图文"}, "kind": {"news"}, "audience": {"all"}})
	wantPage(t, "news with nothing", status, body, http.StatusBadRequest, `id="broadcast-error"`, "图文群发需要从图文库选择文章")

	tpl := url.Values{"title": {"模板"}, "kind": {"template"}, "template_id": {"TPL_ORDER"}, "template_url": {"https://example.com/o"},
		"data_key": {"first", "", "remark"}, "data_value": {"您的订单已发货", "", "感谢惠顾"}, "audience": {"all"}}
	page = composeBroadcast(t, app, c, tpl)
	status, body = c.get(page + "/edit")
	wantPage(t, "template edit", status, body, http.StatusOK, `value="TPL_ORDER"`, `name="data_key" class="mono" value="first"`,
		`value="您的订单已发货"`, `value="remark"`)
	_, body = c.get(page)
	wantPage(t, "template phone", http.StatusOK, body, http.StatusOK, `class="bc-tpl"`, "感谢惠顾")
}

func TestBroadcastTemplateOnlyForServiceAccounts(t *testing.T) {
	app := newTestApp(t)
	sub := &account.Account{AppID: "wxsub000000000001", Name: "订阅号", Token: "tok123", Type: account.Subscription,
		Mode: account.ModeSafe, AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Secret: "secret", TimeZone: account.DefaultTimeZone}
	if err := app.DB.CreateAccount(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	app.addUser("op", user.Operator, sub.ID)
	c := app.login("op")
	status, body := c.get("/a/" + sub.AppID + "/broadcasts/new")
	wantPage(t, "compose on a subscription account", status, body, http.StatusOK, `value="template" id="bc-kind-template" disabled`)
	if strings.Contains(body, `name="template_id"`) {
		t.Error("a subscription account is offered the template fields")
	}
}

func TestBroadcastPagesInEnglish(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.cfEvent("obc_fan_1", "subscribe", "", 1)
	app.cfEvent("obc_fan_2", "subscribe", "", 2)
	c := app.login("op")
	c.lang = "en"
	status, body := c.get(app.path("/broadcasts/new"))
	wantPage(t, "compose in English", status, body, http.StatusOK, "New broadcast", "Save and schedule", "All followers")
	status, body, _ = c.htmx("POST", app.path("/broadcasts/check"), textDraft("t", "hello"))
	wantPage(t, "check in English", status, body, http.StatusOK, "Goes to 2 followers", "Quota: 0 of 4 used this month")
}

func TestBroadcastAudienceByTagAndSegment(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	ctx := context.Background()
	for i := range 3 {
		app.cfEvent(fmt.Sprintf("obc_fan_%d", i), "subscribe", "", i)
	}
	tag, err := app.DB.CreateTag(ctx, app.Account.ID, "年卡会员", 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := app.DB.AddTagFollowers(ctx, app.Account.ID, tag.ID, []string{"obc_fan_0", "obc_fan_1"}); err != nil {
		t.Fatal(err)
	}
	seg := &segment.Segment{AccountID: app.Account.ID, Name: "会员分组", Filter: segment.Filter{TagsAny: []int64{tag.ID}}}
	if err := app.DB.CreateSegment(ctx, seg); err != nil {
		t.Fatal(err)
	}
	c := app.login("op")
	status, body := c.get(app.path("/broadcasts/new"))
	wantPage(t, "audience choices", status, body, http.StatusOK, "年卡会员 (2)", "会员分组")
	form := textDraft("会员专享", "会员日全场八折")
	form.Set("audience", "tag")
	form.Set("tag_id", fmt.Sprint(tag.ID))
	status, body, _ = c.htmx("POST", app.path("/broadcasts/check"), form)
	wantPage(t, "tag check", status, body, http.StatusOK, "将发送给 2 位粉丝")
	composeBroadcast(t, app, c, form)
	_, body = c.get(app.path("/broadcasts"))
	wantPage(t, "list with the tag", http.StatusOK, body, http.StatusOK, "标签：年卡会员")
}

func TestBroadcastBlockedWhenTheQuotaIsUsed(t *testing.T) {
	app := newTestApp(t)
	sub := &account.Account{AppID: "wxsub000000000002", Name: "订阅号", Token: "tok123", Type: account.Subscription,
		Mode: account.ModeSafe, AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Secret: "secret", TimeZone: account.DefaultTimeZone}
	if err := app.DB.CreateAccount(context.Background(), sub); err != nil {
		t.Fatal(err)
	}
	app.Account = sub // the fixtures below go to the subscription account
	app.addUser("op", user.Operator, sub.ID)
	app.cfEvent("obc_fan_1", "subscribe", "", 1)
	c := app.login("op")
	first := composeBroadcast(t, app, c, textDraft("今天第一条", "早安"))
	if status, body := c.post(first+"/schedule", url.Values{"now": {"1"}}); status != http.StatusSeeOther {
		t.Fatalf("send the first: %d %s", status, alertOf(body))
	}
	if err := app.H.Broadcasts.Run(context.Background(), sub.ID, 1); err != nil {
		t.Fatalf("run: %v", err)
	}
	second := composeBroadcast(t, app, c, textDraft("今天第二条", "晚安"))
	status, body := c.get(second)
	wantPage(t, "blocked page", status, body, http.StatusOK, `id="broadcast-blocked"`, "今日已用 1 / 1 次",
		`id="broadcast-schedule" class="btn btn-primary" disabled`)
	status, body = c.post(second+"/schedule", url.Values{"now": {"1"}})
	if status < 400 || !strings.Contains(body, `id="broadcast-error"`) {
		t.Errorf("sending past the quota: status %d, want a refusal with the reason; %s", status, alertOf(body))
	}
}

func TestBroadcastCheckBeforeTheContent(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.cfEvent("obc_fan_1", "subscribe", "", 1)
	app.cfEvent("obc_fan_2", "subscribe", "", 2)
	c := app.login("op")
	status, body, _ := c.htmx("POST", app.path("/broadcasts/check"), textDraft("", ""))
	wantPage(t, "check without content", status, body, http.StatusOK, "将发送给 2 位粉丝", "群发额度", "还没有内容")
	form := textDraft("t", "hi")
	form.Set("audience", "tag")
	form.Set("tag_id", "9999")
	status, body, _ = c.htmx("POST", app.path("/broadcasts/check"), form)
	wantPage(t, "check with an unknown tag", status, body, http.StatusOK, `id="broadcast-blocked"`, "将发送给 0 位粉丝")
}

func TestBroadcastListPages(t *testing.T) {
	app := newTestApp(t)
	app.addUser("viewer", user.Viewer, app.Account.ID)
	for i := range broadcastsPerPage + 1 {
		d := broadcast.Draft{Title: fmt.Sprintf("草稿%02d", i+1), Kind: broadcast.KindText, Text: "x",
			Audience: broadcast.Audience{Kind: broadcast.AudienceAll}}
		if _, err := app.H.Broadcasts.Create(context.Background(), app.Account.ID, 0, d); err != nil {
			t.Fatal(err)
		}
	}
	c := app.login("viewer")
	status, body := c.get(app.path("/broadcasts"))
	wantPage(t, "first page", status, body, http.StatusOK, "草稿21", "草稿02", `id="broadcast-next"`, "/broadcasts?before=2")
	if strings.Contains(body, "草稿01") {
		t.Error("the first page shows the 21st broadcast")
	}
	status, body = c.get(app.path("/broadcasts?before=2"))
	wantPage(t, "second page", status, body, http.StatusOK, "草稿01", "/broadcasts/rows?before=2")
	status, body, _ = c.htmx("GET", app.path("/broadcasts/rows?before=2"), nil)
	wantPage(t, "live rows of the second page", status, body, http.StatusOK, `id="broadcast-rows"`, "草稿01")
	if strings.Contains(body, "<html") || strings.Contains(body, "草稿02") {
		t.Error("the live rows are not just the second page's rows")
	}
}
