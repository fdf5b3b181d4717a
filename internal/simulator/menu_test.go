package simulator_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
)

type btn = simulator.MenuButton

func menuClick(name, key string) btn { return btn{Type: "click", Name: name, Key: key} }
func menuView(name, link string) btn { return btn{Type: "view", Name: name, URL: link} }
func menuParent(name string, subs ...btn) btn {
	return btn{Name: name, SubButton: subs}
}

func menuJSON(buttons ...btn) string {
	b, _ := json.Marshal(map[string]any{"button": buttons})
	return string(b)
}

func condJSON(rule string, buttons ...btn) string {
	b, _ := json.Marshal(map[string]any{"button": buttons, "matchrule": json.RawMessage(rule)})
	return string(b)
}

func TestMenuCreateLimits(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	five := []btn{menuClick("a", "A"), menuClick("b", "B"), menuClick("c", "C"), menuClick("d", "D"), menuClick("e", "E")}
	long := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct {
		name string
		menu string
		want int
	}{
		{"one click", menuJSON(menuClick("门票", "TICKETS")), 0},
		{"3 top, 5 subs, every type", menuJSON(menuParent("服务", five...), menuParent("更多",
			menuView("官网", "https://example.com/"), btn{Type: "scancode_push", Name: "扫码", Key: "S"},
			btn{Type: "media_id", Name: "图片", MediaID: "MEDIA"}, btn{Type: "article_id", Name: "文章", ArticleID: "ART"},
			btn{Type: "miniprogram", Name: "小程序", URL: "https://example.com", AppID: "wx_mini", PagePath: "pages/index"}),
			btn{Type: "location_select", Name: "位置", Key: "LOC"}), 0},
		{"16-byte top name", menuJSON(menuClick(long(16), "K")), 0},
		{"60-byte sub name", menuJSON(menuParent("p", menuClick(long(60), "K"))), 0},
		{"no buttons", menuJSON(), simulator.ErrButtonCount},
		{"4 top buttons", menuJSON(menuClick("a", "A"), menuClick("b", "B"), menuClick("c", "C"), menuClick("d", "D")), simulator.ErrButtonCount},
		{"unknown top type", menuJSON(btn{Type: "dance", Name: "x", Key: "K"}), simulator.ErrButtonType},
		{"top without type", menuJSON(btn{Name: "x"}), simulator.ErrButtonType},
		{"17-byte top name", menuJSON(menuClick(long(17), "K")), simulator.ErrButtonName},
		{"6 Chinese chars top (18 bytes)", menuJSON(menuClick("六个中文字符", "K")), simulator.ErrButtonName},
		{"empty top name", menuJSON(menuClick("", "K")), simulator.ErrButtonName},
		{"top key 129 bytes", menuJSON(menuClick("x", long(129))), simulator.ErrButtonKey},
		{"top click without key", menuJSON(menuClick("x", "")), simulator.ErrButtonKey},
		{"top url 1025 bytes", menuJSON(menuView("x", "https://e.com/"+long(1011))), simulator.ErrButtonURL},
		{"top view without url", menuJSON(menuView("x", "")), simulator.ErrButtonURL},
		{"top url not http", menuJSON(menuView("x", "ftp://example.com")), simulator.ErrURLDomain},
		{"sub-sub menu", menuJSON(menuParent("p", menuParent("q", menuClick("x", "K")))), simulator.ErrSubMenuLevel},
		{"6 subs", menuJSON(menuParent("p", append(five, menuClick("f", "F"))...)), simulator.ErrSubButtonCount},
		{"unknown sub type", menuJSON(menuParent("p", btn{Type: "dance", Name: "x"})), simulator.ErrSubButtonType},
		{"61-byte sub name", menuJSON(menuParent("p", menuClick(long(61), "K"))), simulator.ErrSubButtonName},
		{"sub key 129 bytes", menuJSON(menuParent("p", menuClick("x", long(129)))), simulator.ErrSubButtonKey},
		{"sub url 1025 bytes", menuJSON(menuParent("p", menuView("x", "https://e.com/"+long(1011)))), simulator.ErrSubButtonURL},
		{"sub url without host", menuJSON(menuParent("p", menuView("x", "https://"))), simulator.ErrSubURLDomain},
		{"parent name 17 bytes", menuJSON(menuParent(long(17), menuClick("x", "K"))), simulator.ErrButtonName},
		{"media_id missing", menuJSON(btn{Type: "media_id", Name: "x"}), simulator.ErrInvalidMediaID},
		{"miniprogram without appid", menuJSON(btn{Type: "miniprogram", Name: "x", URL: "https://e.com", PagePath: "p"}), simulator.ErrWeappAppID},
		{"miniprogram without pagepath", menuJSON(btn{Type: "miniprogram", Name: "x", URL: "https://e.com", AppID: "wx"}), simulator.ErrWeappPagePath},
		{"miniprogram without url", menuJSON(btn{Type: "miniprogram", Name: "x", AppID: "wx", PagePath: "p"}), simulator.ErrButtonURL},
		{"empty body", "", simulator.ErrEmptyBody},
		{"malformed", `{"button":`, simulator.ErrDataFormat},
	}
	for _, tt := range tests {
		wantCode(t, tt.name, c.post("/cgi-bin/menu/create", tok, tt.menu), tt.want)
	}
}

func TestMenuLifecycle(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	seedUsers(c)
	tok := c.fetchToken()
	get := func() map[string]any { return c.get("/cgi-bin/menu/get", url.Values{"access_token": {tok}}) }
	vip := createTag(c, tok, "VIP")
	wantCode(t, "tag a follower", c.post("/cgi-bin/tags/members/batchtagging", tok, tagBody(vip, seedQR)), 0)
	vipRule := fmt.Sprintf(`{"tag_id":"%d"}`, vip)
	wantCode(t, "get with no menu", get(), simulator.ErrNoMenu)
	runAPISteps(t, c, tok, []apiStep{
		{"conditional before default", "/cgi-bin/menu/addconditional", condJSON(vipRule, menuClick("VIP", "VIP")), simulator.ErrNoDefaultMenu},
		{"trymatch with no menu", "/cgi-bin/menu/trymatch", `{"user_id":"` + seedQR + `"}`, simulator.ErrNoMenu},
		{"create default", "/cgi-bin/menu/create", menuJSON(menuClick("门票", "TICKETS"), menuParent("服务", menuView("官网", "https://example.com"))), 0},
		{"no matchrule", "/cgi-bin/menu/addconditional", menuJSON(menuClick("x", "X")), simulator.ErrEmptyMatchRule},
		{"empty matchrule", "/cgi-bin/menu/addconditional", condJSON(`{}`, menuClick("x", "X")), simulator.ErrEmptyMatchRule},
		{"privacy matchrule", "/cgi-bin/menu/addconditional", condJSON(`{"tag_id":"100","sex":"1"}`, menuClick("x", "X")), simulator.ErrPrivacyRule},
		{"bad conditional buttons", "/cgi-bin/menu/addconditional", condJSON(vipRule), simulator.ErrButtonCount},
		{"delconditional unknown", "/cgi-bin/menu/delconditional", `{"menuid":"1"}`, simulator.ErrNoCondMenu},
		{"trymatch unknown user", "/cgi-bin/menu/trymatch", `{"user_id":"o_nobody"}`, simulator.ErrNoSuchUser},
	})
	out := c.post("/cgi-bin/menu/addconditional", tok, condJSON(vipRule, menuClick("会员专享", "VIP")))
	menuid, _ := out["menuid"].(string)
	if menuid == "" {
		t.Fatalf("addconditional answered %v, want a menuid string", out)
	}
	tryMatch := func(openid string) string {
		b, _ := json.Marshal(c.post("/cgi-bin/menu/trymatch", tok, `{"user_id":"`+openid+`"}`)["button"])
		return string(b)
	}
	if got := tryMatch(seedQR); !strings.Contains(got, "会员专享") {
		t.Errorf("tagged follower sees %s, want the VIP menu", got)
	}
	if got := tryMatch(seedSearch); !strings.Contains(got, "门票") {
		t.Errorf("untagged follower sees %s, want the default menu", got)
	}
	m := get()
	conds, _ := m["conditionalmenu"].([]any)
	if m["menu"] == nil || len(conds) != 1 || fmt.Sprintf("%.0f", conds[0].(map[string]any)["menuid"]) != menuid {
		t.Errorf("menu/get %v, want the default and one conditional menu %s", m, menuid)
	}
	wantCode(t, "delconditional", c.post("/cgi-bin/menu/delconditional", tok, `{"menuid":"`+menuid+`"}`), 0)
	if got := tryMatch(seedQR); !strings.Contains(got, "门票") {
		t.Errorf("after delconditional the tagged follower sees %s", got)
	}
	wantCode(t, "delete", c.get("/cgi-bin/menu/delete", url.Values{"access_token": {tok}}), 0)
	wantCode(t, "get after delete", get(), simulator.ErrNoMenu)
}

func TestMenuGetGolden(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	tok := c.fetchToken()
	vip := createTag(c, tok, "VIP")
	wantCode(t, "create", c.post("/cgi-bin/menu/create", tok, menuJSON(menuClick("门票", "TICKETS"),
		menuParent("服务", menuView("官网", "https://example.com/"), btn{Type: "pic_weixin", Name: "发图", Key: "PIC"}))), 0)
	wantCode(t, "addconditional", c.post("/cgi-bin/menu/addconditional", tok,
		condJSON(fmt.Sprintf(`{"tag_id":"%d","client_platform_type":"2"}`, vip), menuClick("会员", "VIP"))), 0)
	golden(t, "menu_get.json", c.raw(http.MethodGet, "/cgi-bin/menu/get", url.Values{"access_token": {tok}}, ""))
}

func TestSimTagsAndMenus(t *testing.T) {
	c := newAPI(t, simulator.Options{})
	seedUsers(c)
	tok := c.fetchToken()
	vip := createTag(c, tok, "VIP")
	wantCode(t, "tag", c.post("/cgi-bin/tags/members/batchtagging", tok, tagBody(vip, seedQR, seedQRStr)), 0)
	wantCode(t, "menu", c.post("/cgi-bin/menu/create", tok, menuJSON(menuClick("门票", "TICKETS"))), 0)
	_, tags := c.call(http.MethodGet, "/sim/tags", url.Values{"appid": {c.acct.AppID}}, "")
	if b, _ := json.Marshal(tags["tags"]); string(b) != fmt.Sprintf(`[{"count":2,"id":%d,"name":"VIP"}]`, vip) {
		t.Errorf("/sim/tags %s", b)
	}
	_, menus := c.call(http.MethodGet, "/sim/menus", url.Values{"appid": {c.acct.AppID}}, "")
	if b, _ := json.Marshal(menus["menus"]); !strings.Contains(string(b), `"key":"TICKETS"`) {
		t.Errorf("/sim/menus %s", b)
	}
	if m := c.p.Menus(c.acct.AppID); m.Menu == nil || m.Menu.Button[0].Key != "TICKETS" {
		t.Errorf("Menus() = %+v", m)
	}
	status, _ := c.call(http.MethodGet, "/sim/tags", url.Values{"appid": {"wx_nobody"}}, "")
	if status != http.StatusNotFound {
		t.Errorf("/sim/tags for an unknown appid: status %d, want 404", status)
	}
}
