package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/content"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/inbox/canned"
	"github.com/fanbase/fanbase/internal/live"
	"github.com/fanbase/fanbase/internal/segment"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

// testPassword is every test user's password.
const testPassword = "correct horse 7"

// testApp is the web app on a real SQLite file, served by httptest, with
// one account ("wxtest00000000001") and no users yet.
type testApp struct {
	t       *testing.T
	DB      *sqlstore.DB
	Users   *user.Service
	Live    *live.Hub
	H       *Handler
	Srv     *httptest.Server
	Account *account.Account
}

// newTestApp starts the web app. Features whose pages need a service add it
// to the Deps here (one line each).
func newTestApp(t *testing.T) *testApp {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "web.db"))
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	app := &testApp{t: t, DB: db, Live: live.NewHub()}
	app.Users = &user.Service{Store: db, BcryptCost: bcrypt.MinCost, Logger: logger}
	app.Account = app.addAccount("wxtest00000000001", "测试服务号")
	deps := Deps{
		Logger: logger, Auth: app.Users, Users: db, Accounts: db, Followers: db,
		Customers: db, Canned: canned.NewService(db, nil), Articles: content.NewService(db, nil),
		Rules: autoreply.NewRegistry(db, logger), Live: app.Live, Analytics: analytics.NewService(db, logger),
		Desk:   inbox.NewDesk(inbox.Options{Store: db, Directory: db, Publisher: app.Live, Logger: logger}),
		Search: db, Burst: testBurstTools(db, app.Live, logger), FollowerSync: &testSyncs{db: db},
		Broadcasts: testBroadcasts(db, app.Live),
	}
	deps.Menus = testMenus(t, db, deps.Rules, deps.Articles)
	deps.Tags = testTags(db)
	deps.Segments = segment.NewService(db, nil)
	h, err := New(deps, Options{})
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	app.H = h
	mux := http.NewServeMux()
	h.Register(mux)
	// A page every role test can aim at: it needs role agent on the account.
	(&router{h: h, mux: mux}).page("GET /a/{appid}/probe", user.Agent, func(w http.ResponseWriter, r *http.Request, p *Page) error {
		_, err := io.WriteString(w, "probe "+string(p.Role))
		return err
	})
	app.Srv = httptest.NewServer(mux)
	t.Cleanup(app.Srv.Close)
	return app
}

// addAccount stores another account.
func (a *testApp) addAccount(appID, name string) *account.Account {
	a.t.Helper()
	acct := &account.Account{
		AppID: appID, Name: name, Token: "tok123", Type: account.Service, Mode: account.ModeSafe,
		AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", Secret: "secret", TimeZone: account.DefaultTimeZone,
	}
	if err := a.DB.CreateAccount(context.Background(), acct); err != nil {
		a.t.Fatalf("create account %s: %v", appID, err)
	}
	return acct
}

// addUser creates a user with testPassword and a role on accountID
// (user.AllAccounts for every account).
func (a *testApp) addUser(login string, role user.Role, accountID int64) *user.User {
	a.t.Helper()
	ctx := context.Background()
	u, err := a.Users.AddUser(ctx, login, login, testPassword)
	if err != nil {
		a.t.Fatalf("add user %s: %v", login, err)
	}
	if err := a.DB.SetMembership(ctx, user.Membership{UserID: u.ID, AccountID: accountID, Role: role}); err != nil {
		a.t.Fatalf("grant %s to %s: %v", role, login, err)
	}
	return u
}

// client is a browser: a cookie jar, and the CSRF token of its session.
type client struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
	lang string
}

func (a *testApp) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: a.t, base: a.Srv.URL, lang: "zh-CN", http: &http.Client{
		Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // tests look at redirects themselves
		},
	}}
}

// login logs a user in through the login form and learns the CSRF token.
func (a *testApp) login(login string) *client {
	a.t.Helper()
	c := a.anonymous()
	status, body := c.get("/login")
	if status != http.StatusOK {
		a.t.Fatalf("GET /login = %d", status)
	}
	form := url.Values{"login": {login}, "password": {testPassword}, "csrf": {formCSRF(body)}}
	if status, body := c.do("POST", "/login", form, nil); status != http.StatusSeeOther {
		a.t.Fatalf("login %s: status %d, body %s", login, status, body)
	}
	_, body = c.get("/")
	m := regexp.MustCompile(`data-csrf="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		a.t.Fatalf("no CSRF token on the home page after login")
	}
	c.csrf = m[1]
	return c
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func formCSRF(body string) string {
	if m := csrfInput.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}

func (c *client) get(path string) (int, string) { return c.do("GET", path, nil, nil) }

// post submits a form with the session's CSRF token.
func (c *client) post(path string, form url.Values) (int, string) {
	if form == nil {
		form = url.Values{}
	}
	if form.Get("csrf") == "" {
		form.Set("csrf", c.csrf)
	}
	return c.do("POST", path, form, nil)
}

// htmx sends a request as htmx would: HX-Request and the CSRF header.
func (c *client) htmx(method, path string, form url.Values) (int, string, http.Header) {
	h := http.Header{"Hx-Request": {"true"}, "X-Csrf-Token": {c.csrf}}
	var hdr http.Header
	status, body := c.doHeader(method, path, form, h, &hdr)
	return status, body, hdr
}

func (c *client) do(method, path string, form url.Values, h http.Header) (int, string) {
	return c.doHeader(method, path, form, h, nil)
}

func (c *client) doHeader(method, path string, form url.Values, h http.Header, got *http.Header) (int, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", c.lang)
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if got != nil {
		*got = resp.Header
	}
	return resp.StatusCode, string(b)
}

// wantPage asserts a status and that the body contains every string.
func wantPage(t *testing.T, what string, status int, body string, wantStatus int, contains ...string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("%s: status %d, want %d; body: %.400s", what, status, wantStatus, body)
	}
	for _, s := range contains {
		if !strings.Contains(body, s) {
			t.Errorf("%s: body lacks %q; body: %.600s", what, s, body)
		}
	}
}
