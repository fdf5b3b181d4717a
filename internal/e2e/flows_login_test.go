package e2e

import (
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/user"
)

// newTab opens a tab on this env's app.
func (e *env) newTab() *tab { return newTab(e.t, e.URL) }

// login logs a user in through the login form and waits for the app.
func (tb *tab) login(login string) {
	tb.t.Helper()
	tb.submitLogin(login, password)
	tb.waitVisible("body.app #logout-btn")
}

// submitLogin fills and sends the login form.
func (tb *tab) submitLogin(login, pw string) {
	tb.t.Helper()
	tb.open("/login")
	tb.typeInto("#login", login)
	tb.typeInto("#password", pw)
	tb.click("#login-btn")
}

// lang is the page's language (the lang attribute of <html>).
func (tb *tab) lang() string {
	tb.t.Helper()
	return eval[string](tb, "document.documentElement.lang")
}

// TestLogin: a wrong password shows the error on the login page and keeps
// the user out; the right one lands on the home page with the account.
func TestLogin(t *testing.T) {
	e := newEnv(t)
	e.addUser("xiaoli", "小李", user.Agent, e.Acct.ID)
	tab := e.newTab()

	tab.open("/")
	tab.waitVisible("#login-form") // anonymous visitors are sent to the login page
	tab.submitLogin("xiaoli", "wrong password")
	tab.waitVisible("#login-error")
	if msg := tab.text("#login-error"); msg == "" {
		t.Fatal("the login error is empty")
	}
	if n := tab.count("#logout-btn"); n != 0 {
		t.Fatal("a wrong password logged the user in")
	}

	tab.submitLogin("xiaoli", password)
	tab.waitVisible("body.app #logout-btn")
	if p := tab.path(); p != "/" {
		t.Errorf("after login the browser is at %q, want the home page /", p)
	}
	tab.waitText("main", e.Acct.Name)
	if who := tab.text(".who"); !strings.Contains(who, "小李") {
		t.Errorf("the top bar shows %q, want the user's name 小李", who)
	}
	if ex := tab.exceptions(); len(ex) > 0 {
		t.Errorf("JS exceptions on the pages: %v", ex)
	}
}

// TestLanguageSwitch: #lang-switch flips the whole UI between 中文 and
// English, and the choice sticks across pages.
func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	e.addUser("owner", "王老板", user.Owner, user.AllAccounts)
	tab := e.newTab()
	tab.login("owner")

	texts := map[string]struct{ nav, logout string }{
		"zh-CN": {"全部公众号", "退出登录"},
		"en":    {"All accounts", "Log out"},
	}
	start := tab.lang()
	other := map[string]string{"zh-CN": "en", "en": "zh-CN"}[start]
	if other == "" {
		t.Fatalf("page language %q is neither zh-CN nor en", start)
	}
	for _, want := range []string{other, start} {
		tab.click("#lang-switch")
		tab.waitJS("the page language to become "+want, "document.documentElement.lang === "+jsString(want))
		tab.waitText(".sidebar .nav", texts[want].nav)
		if got := tab.text("#logout-btn"); got != texts[want].logout {
			t.Errorf("in %s the logout button says %q, want %q", want, got, texts[want].logout)
		}
		tab.open("/") // a fresh page load keeps the choice
		if got := tab.lang(); got != want {
			t.Errorf("after switching to %s and moving on, the page is in %s", want, got)
		}
	}
}
