package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/menu"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

// withMenus gives the harness's API a menu service whose WeChat is the
// simulator, holding account a with the same credentials.
func withMenus(t *testing.T, h *harness) *simulator.Platform {
	t.Helper()
	p, srv := simtest.NewServer(t, simulator.Options{Logger: quiet})
	sa := simtest.Account(h.a.AppID, simulator.ModePlain, "")
	sa.Secret = h.a.Secret
	simtest.MustAdd(t, p, sa)
	wx := wxclient.New(wxclient.Options{BaseURL: srv.URL, Logger: quiet})
	h.api.Menus = menu.NewService(menu.Options{Store: h.db, Rules: h.rules, Articles: content.NewService(h.db, nil), Logger: quiet,
		WeChat: func(a *account.Account) menu.WeChat {
			return wx.Account(wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: srv.URL})
		}})
	return p
}

func TestMenuAPI(t *testing.T) {
	h := newHarness(t)
	sim := withMenus(t, h)
	base := Prefix + "/accounts/" + h.a.AppID + "/menu"

	w := h.request("GET", base, "token:viewer", "", "")
	if w.Code != http.StatusOK {
		t.Fatalf("GET before any save: %d %s", w.Code, w.Body)
	}
	checkJSON(t, decode(t, w), map[string]any{"version": 0.0, "published_version": 0.0})

	body := `{"button":[{"name":"营业时间","type":"click","key":"HOURS","reply":{"text":"9 点到 6 点"}},
		{"name":"更多","sub_button":[{"name":"官网","type":"view","url":"https://example.com/?a=1&b=2"}]}]}`
	tests := []struct {
		name, method, path, as, body string
		want                         int
		contains                     string
	}{
		{"viewer cannot save", "PUT", base, "token:viewer", body, http.StatusForbidden, ""},
		{"too long a name", "PUT", base, "token:operator", `{"button":[{"name":"一二三四五六","type":"click"}]}`, http.StatusBadRequest,
			"菜单 1: 名称超过 16 字节（当前 18） / Menu 1: name longer than 16 bytes (has 18)"},
		{"unknown field", "PUT", base, "token:operator", `{"buttons":[]}`, http.StatusBadRequest, "buttons"},
		{"save", "PUT", base, "token:operator", body, http.StatusOK, `"version":1`},
		{"stale base", "PUT", base, "token:operator", strings.Replace(body, `{"button"`, `{"base_version":7,"button"`, 1), http.StatusConflict, "version 1"},
		{"viewer cannot publish", "POST", base + "/publish", "token:viewer", "", http.StatusForbidden, ""},
		{"publish", "POST", base + "/publish", "token:operator", "", http.StatusOK, `"published_version":1`},
		{"from WeChat", "GET", base + "/published", "token:viewer", "", http.StatusOK, `"url":"https://example.com/?a=1&b=2"`},
		{"stats", "GET", base + "/stats?days=30", "token:viewer", "", http.StatusOK, `"days":30`},
		{"older version", "GET", base + "?version=1", "token:viewer", "", http.StatusOK, `"key":"HOURS"`},
		{"unknown version", "GET", base + "?version=9", "token:viewer", "", http.StatusNotFound, ""},
		{"stats, bad days", "GET", base + "/stats?days=0", "token:viewer", "", http.StatusBadRequest, "1 to 366"},
	}
	for _, tt := range tests {
		w := h.request(tt.method, tt.path, tt.as, tt.body, "")
		if w.Code != tt.want || !strings.Contains(w.Body.String(), tt.contains) {
			t.Fatalf("%s: %d %s; want %d containing %q", tt.name, w.Code, w.Body, tt.want, tt.contains)
		}
	}
	if m := sim.Menus(h.a.AppID); m.Menu == nil || m.Menu.Button[0].Key != "HOURS" {
		t.Fatalf("simulator holds %+v", m)
	}
	rs, err := h.rules.RuleSet(t.Context(), h.a.ID, 0)
	if err != nil || !hasRule(rs.Rules, "menu:HOURS") {
		t.Fatalf("rules after publish lack menu:HOURS: %v", err)
	}
	if !h.audited(h.a.ID, "menu.save") || !h.audited(h.a.ID, "menu.publish") {
		t.Error("save and publish are not in the audit log")
	}
	w = h.request("DELETE", base, "token:operator", "", "")
	if w.Code != http.StatusOK || sim.Menus(h.a.AppID).Menu != nil || !h.audited(h.a.ID, "menu.unpublish") {
		t.Fatalf("DELETE: %d %s, simulator %+v", w.Code, w.Body, sim.Menus(h.a.AppID))
	}
	checkJSON(t, decode(t, w), map[string]any{"version": 1.0, "published_version": 0.0})
}

func hasRule(rules []autoreply.Rule, name string) bool {
	for _, r := range rules {
		if r.Name == name {
			return true
		}
	}
	return false
}
