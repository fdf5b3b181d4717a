package web

import (
	"bufio"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/live"
	"github.com/fanbase/fanbase/internal/user"
)

func TestLoginLogout(t *testing.T) {
	app := newTestApp(t)
	app.addUser("wang", user.Agent, app.Account.ID)

	c := app.anonymous()
	status, body := c.get("/")
	if status != http.StatusSeeOther {
		t.Fatalf("anonymous GET / = %d, want a redirect to the login page", status)
	}
	_, body = c.get("/login?next=/a/" + app.Account.AppID)
	form := url.Values{"login": {"wang"}, "password": {"wrong password"}, "csrf": {formCSRF(body)}}
	status, body = c.do("POST", "/login", form, nil)
	wantPage(t, "wrong password", status, body, http.StatusUnauthorized, "账号或密码错误", `id="login-error"`)

	u := app.login("wang")
	status, body = u.get("/")
	wantPage(t, "home after login", status, body, http.StatusOK, "测试服务号", "wang", "退出登录")

	status, _ = u.post("/logout", nil)
	if status != http.StatusSeeOther {
		t.Fatalf("logout = %d", status)
	}
	if status, _ = u.get("/"); status != http.StatusSeeOther {
		t.Fatalf("after logout GET / = %d, want redirect to login", status)
	}
}

func TestLoginNeedsItsFormToken(t *testing.T) {
	app := newTestApp(t)
	app.addUser("wang", user.Agent, app.Account.ID)
	c := app.anonymous()
	form := url.Values{"login": {"wang"}, "password": {testPassword}, "csrf": {"forged"}}
	status, body := c.do("POST", "/login", form, nil)
	wantPage(t, "login without the form's token", status, body, http.StatusForbidden, "登录页已过期")
}

func TestLoginRedirectStaysOnSite(t *testing.T) {
	for _, tc := range []struct{ next, want string }{
		{"/a/wx1/inbox", "/a/wx1/inbox"},
		{"//evil.example/x", ""},
		{"/\\evil.example", ""},
		{"https://evil.example/", ""},
		{"", ""},
	} {
		if got := safeNext(tc.next); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.next, got, tc.want)
		}
	}
}

func TestAnonymousRequestsAreRefused(t *testing.T) {
	app := newTestApp(t)
	c := app.anonymous()
	status, body, hdr := c.htmx("GET", "/", nil)
	if status != http.StatusUnauthorized || !strings.HasPrefix(hdr.Get("HX-Redirect"), "/login") {
		t.Fatalf("anonymous htmx GET / = %d, HX-Redirect %q, body %s", status, hdr.Get("HX-Redirect"), body)
	}
	status, _ = c.do("POST", "/logout", url.Values{}, nil)
	if status != http.StatusUnauthorized {
		t.Fatalf("anonymous POST /logout = %d, want 401", status)
	}
	status, _ = c.get("/a/" + app.Account.AppID + "/events")
	if status != http.StatusUnauthorized {
		t.Fatalf("anonymous event stream = %d, want 401", status)
	}
}

func TestCSRFIsEnforced(t *testing.T) {
	app := newTestApp(t)
	app.addUser("wang", user.Agent, app.Account.ID)
	c := app.login("wang")
	status, body := c.do("POST", "/logout", url.Values{}, nil)
	wantPage(t, "POST without token", status, body, http.StatusForbidden, "CSRF")
	status, body = c.do("POST", "/logout", url.Values{"csrf": {"not-the-token"}}, nil)
	wantPage(t, "POST with a wrong token", status, body, http.StatusForbidden, "CSRF")
}

func TestAccountAccessNeedsARoleOnIt(t *testing.T) {
	app := newTestApp(t)
	other := app.addAccount("wxother0000000001", "别人的号")
	app.addUser("agent1", user.Agent, app.Account.ID)
	app.addUser("viewer1", user.Viewer, app.Account.ID)
	app.addUser("boss", user.Owner, user.AllAccounts)
	probe := "/a/%s/probe"
	cases := []struct {
		login, appID string
		want         int
	}{
		{"agent1", app.Account.AppID, http.StatusOK},
		{"agent1", other.AppID, http.StatusForbidden},
		{"viewer1", app.Account.AppID, http.StatusForbidden}, // below agent
		{"boss", other.AppID, http.StatusOK},
		{"boss", "wxmissing", http.StatusNotFound},
	}
	for _, tc := range cases {
		c := app.login(tc.login)
		status, body := c.get(strings.Replace(probe, "%s", tc.appID, 1))
		if status != tc.want {
			t.Errorf("%s on %s: status %d, want %d; %.300s", tc.login, tc.appID, status, tc.want, body)
		}
	}
	c := app.login("agent1")
	_, body := c.get("/")
	if strings.Contains(body, "别人的号") {
		t.Errorf("agent1's account list shows an account they do not belong to")
	}
}

func TestLanguage(t *testing.T) {
	app := newTestApp(t)
	c := app.anonymous()
	c.lang = "en-US,en;q=0.9"
	_, body := c.get("/login")
	wantPage(t, "English browser", http.StatusOK, body, http.StatusOK, "Log in", `lang="en"`)
	c.lang = "zh-CN,zh;q=0.9,en;q=0.8"
	_, body = c.get("/login")
	wantPage(t, "Chinese browser", http.StatusOK, body, http.StatusOK, "登录", `lang="zh-CN"`)
	status, _ := c.get("/lang?to=en&next=/login")
	if status != http.StatusSeeOther {
		t.Fatalf("switch language = %d", status)
	}
	_, body = c.get("/login")
	wantPage(t, "after switching to English", http.StatusOK, body, http.StatusOK, "Log in", "中文")
	if status, _ := c.get("/lang?to=fr"); status != http.StatusBadRequest {
		t.Errorf("unsupported language = %d, want 400", status)
	}
}

func TestAcceptLanguage(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "zh-CN"},
		{"en", "en"},
		{"zh-TW,en;q=0.5", "zh-CN"},
		{"fr,en;q=0.8,zh;q=0.9", "zh-CN"},
		{"fr,en;q=0.8", "en"},
		{"de", "zh-CN"},
		{"en;q=bad,zh;q=0.1", "zh-CN"},
	} {
		if got := fromAcceptLanguage(tc.header); got != tc.want {
			t.Errorf("fromAcceptLanguage(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestStaticAssets(t *testing.T) {
	app := newTestApp(t)
	c := app.anonymous()
	u := app.H.assets.url("htmx.min.js")
	req, _ := http.NewRequest("GET", app.Srv.URL+u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Cache-Control"), "immutable") ||
		!strings.Contains(resp.Header.Get("Content-Type"), "javascript") {
		t.Fatalf("GET %s = %d, %v", u, resp.StatusCode, resp.Header)
	}
	if status, _ := c.get("/static/0000/htmx.min.js"); status != 200 {
		t.Errorf("stale checksum = %d, want the file (no-cache)", status)
	}
	if status, _ := c.get("/static/abc/nope.js"); status != 404 {
		t.Errorf("unknown file = %d, want 404", status)
	}
}

func TestEventStreamDeliversLiveEvents(t *testing.T) {
	app := newTestApp(t)
	app.addUser("wang", user.Agent, app.Account.ID)
	c := app.login("wang")
	req, _ := http.NewRequest("GET", app.Srv.URL+"/a/"+app.Account.AppID+"/events", nil)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	lines := bufio.NewReader(resp.Body)
	if first, _ := lines.ReadString('\n'); !strings.HasPrefix(first, ": connected") {
		t.Fatalf("first line %q", first)
	}
	for app.Live.Subscribers(app.Account.ID) == 0 {
		time.Sleep(time.Millisecond) // the handler subscribes before writing "connected"
	}
	app.Live.Publish(live.Event{AccountID: app.Account.ID, Kind: "conversation", Data: "42"})
	var got []string
	for len(got) < 2 {
		line, err := lines.ReadString('\n')
		if err != nil {
			t.Fatalf("read stream: %v", err)
		}
		if line = strings.TrimSpace(line); line != "" {
			got = append(got, line)
		}
	}
	if got[0] != "event: conversation" || got[1] != "data: 42" {
		t.Fatalf("stream = %q", got)
	}
}

// TestEveryTranslationKeyExists: every key a template or handler uses is
// in the catalogs, in both languages (loadCatalog checks both languages).
func TestEveryTranslationKeyExists(t *testing.T) {
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	used := regexp.MustCompile(`(?:\.P\.T|\$\.P\.T|p\.T\(|\.T) "([a-z0-9_.]+)"|p\.T\("([a-z0-9_.]+)"`)
	err = filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".html") || strings.HasSuffix(path, ".go")) ||
			strings.HasSuffix(path, "_test.go") || path == "doc.go" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range used.FindAllStringSubmatch(string(b), -1) {
			key := m[1] + m[2]
			if strings.HasSuffix(key, ".") {
				continue // a prefix completed at run time, e.g. "role." + name
			}
			if _, ok := cat.texts[key]; !ok {
				t.Errorf("%s uses translation key %q that no locales/*.json defines", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
