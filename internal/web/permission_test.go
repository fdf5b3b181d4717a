package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fanbase/fanbase/internal/user"
)

// routePath turns a registered pattern into a request: its method and a
// path with every wildcard filled.
func routePath(pattern, appID string) (method, path string) {
	method, path, _ = strings.Cut(pattern, " ")
	path = strings.TrimSuffix(path, "{$}")
	r := strings.NewReplacer("{appid}", appID, "{id}", "1", "{openid}", "oNobody", "{name}", "x", "{version}", "1")
	path = r.Replace(path)
	if i := strings.Index(path, "{"); i >= 0 {
		path = path[:i] + "x" + path[strings.Index(path, "}")+1:]
	}
	return method, path
}

// TestEveryPageRefusesStrangers walks the whole route table: without a
// session every page refuses (GET goes to the login page, the rest 401);
// with a session but no CSRF token every change is refused; an agent of
// another account is refused on every page of this one.
func TestEveryPageRefusesStrangers(t *testing.T) {
	app := newTestApp(t)
	other := app.addAccount("wxother0000000009", "别人的号")
	app.addUser("outsider", user.Owner, other.ID) // owner elsewhere, nothing here
	app.addUser("boss", user.Owner, user.AllAccounts)
	anon, outsider, boss := app.anonymous(), app.login("outsider"), app.login("boss")
	if len(app.H.pageRoutes) < 30 {
		t.Fatalf("only %d page routes registered", len(app.H.pageRoutes))
	}
	for _, rt := range app.H.pageRoutes {
		method, path := routePath(rt.Pattern, app.Account.AppID)
		t.Run(rt.Pattern, func(t *testing.T) {
			status, _ := anon.do(method, path, url.Values{}, nil)
			want := http.StatusUnauthorized
			if method == http.MethodGet && !strings.HasSuffix(path, "/events") {
				want = http.StatusSeeOther
			}
			if status != want {
				t.Errorf("anonymous %s %s = %d, want %d", method, path, status, want)
			}
			if method != http.MethodGet {
				status, _ = boss.do(method, path, url.Values{"csrf": {"forged"}}, nil)
				if status != http.StatusForbidden {
					t.Errorf("%s %s without the CSRF token = %d, want 403", method, path, status)
				}
			}
			if strings.Contains(rt.Pattern, "{appid}") {
				var status int
				if method == http.MethodGet {
					status, _ = outsider.get(path)
				} else {
					status, _ = outsider.post(path, url.Values{})
				}
				if status != http.StatusForbidden {
					t.Errorf("owner of another account: %s %s = %d, want 403", method, path, status)
				}
			}
		})
	}
}
