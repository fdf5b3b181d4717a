package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/user"
)

// TestMenuEditPublishClick: the operator builds a menu in the editor (a
// button with a click reply, its byte counter live), publishes it, WeChat
// (the simulator) holds it, a follower's click on it is answered with the
// configured reply, and the click shows in the page's click counts.
func TestMenuEditPublishClick(t *testing.T) {
	e := newEnv(t)
	e.addUser("chen", "陈主管", user.Operator, e.Acct.ID)
	tab := e.newTab()
	tab.login("chen")
	page := "/a/" + e.Acct.AppID + "/menu"
	tab.open(page)
	// No tags yet: the conditional-menu hint links to the tags page.
	tab.waitVisible("#menu-no-tags a")
	if got := eval[string](tab, `(document.querySelector("#menu-no-tags a") || {}).pathname || ""`); got != "/a/"+e.Acct.AppID+"/tags" {
		t.Errorf("the no-tags hint links to %q, want the tags page", got)
	}
	tab.click("#menu-add-button")
	tab.waitVisible("#menu-name")
	eval[bool](tab, `(document.querySelector("#menu-name").value = "", true)`)
	tab.typeInto("#menu-name", "营业时间")
	if got := tab.text("#menu-name-count"); !strings.HasPrefix(got, "12 / 16") {
		t.Errorf("byte counter = %q, want 12 / 16", got)
	}
	tab.waitText(".phone-btn.selected", "营业时间")
	eval[bool](tab, `(() => { const s = document.querySelector("#menu-reply-kind");
		s.value = "text"; s.dispatchEvent(new Event("change")); return true; })()`)
	reply := "营业时间：每天 9:00–18:00，节假日照常开放。"
	tab.typeInto("#menu-reply-text", reply)
	tab.waitJS("the unsaved badge", `!document.querySelector("#menu-unsaved").hidden`)
	tab.click("#menu-publish")
	tab.waitVisible("#menu-done")
	tab.waitText("#menu-published-state", "1")

	m := e.Sim.Menus(e.Acct.AppID)
	if m.Menu == nil || len(m.Menu.Button) != 1 || m.Menu.Button[0].Name != "营业时间" || m.Menu.Button[0].Type != "click" {
		t.Fatalf("the simulator holds %+v, want the one click button", m.Menu)
	}
	key := m.Menu.Button[0].Key
	fan := openID(71)
	e.follow(fan)
	if got := e.push(e.Acct, simulator.Click(fan, key)); got != reply {
		t.Fatalf("a click on %s was answered %q, want %q", key, got, reply)
	}

	tab.reloadUntil("the click to be counted",
		`(document.querySelector('.menu-stat-row[data-target="`+key+`"] .menu-week') || {}).innerText === "1"`)
	tab.waitText("#menu-clicks", "1")
	if dir := os.Getenv("FANBASE_SCREENSHOTS"); dir != "" {
		tab.screenshot(filepath.Join(dir, "16-menu-editor.png"))
	}
	if ex := tab.exceptions(); len(ex) > 0 {
		t.Errorf("JS exceptions: %v", ex)
	}
}

// TestMenuConditionalTab: a conditional menu is added as a tab for a tag
// WeChat knows, edited and published with the default one.
func TestMenuConditionalTab(t *testing.T) {
	e := newEnv(t)
	e.addUser("chen", "陈主管", user.Operator, e.Acct.ID)
	tag, err := e.M.Store.CreateTag(t.Context(), e.Acct.ID, "年卡会员", 120)
	if err != nil {
		t.Fatal(err)
	}
	tab := e.newTab()
	tab.login("chen")
	tab.open("/a/" + e.Acct.AppID + "/menu")
	tab.click("#menu-add-button")
	tab.click("#menu-tab-add")
	tab.waitText("#menu-tabs a.active", "年卡会员")
	if got := eval[string](tab, `document.querySelector("#menu-cond-tag").value`); got != fmt.Sprint(tag.ID) {
		t.Errorf("tag picked = %s, want %d", got, tag.ID)
	}
	eval[bool](tab, `(document.querySelector("#menu-name").value = "", true)`)
	tab.typeInto("#menu-name", "会员专区")
	tab.waitText(".phone-btn.selected", "会员专区")
	tab.click("#menu-publish")
	tab.waitVisible("#menu-done")
	m := e.Sim.Menus(e.Acct.AppID)
	if m.Menu == nil || len(m.Conditional) != 1 || m.Conditional[0].MatchRule.TagID != "120" || m.Conditional[0].Button[0].Name != "会员专区" {
		t.Fatalf("the simulator holds %+v", m)
	}
	tab.click("#menu-tab-1")
	tab.waitText(".phone-btn", "会员专区")
	if ex := tab.exceptions(); len(ex) > 0 {
		t.Errorf("JS exceptions: %v", ex)
	}
}
