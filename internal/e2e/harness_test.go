package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/user"
	"github.com/fanbase/fanbase/internal/wechat"
)

// password is every test user's password.
const password = "e2e-密码-correct-horse"

// testRules are the auto-reply rules of every test account: a welcome, and
// a ticket-price answer (version 1 says the wrong price, which the
// remediation flow corrects). Questions about coupons match no rule, so
// they open conversations for the agents.
const testRules = `
note: 开园规则
rules:
  - id: 1
    name: 关注欢迎语
    trigger: subscribe
    replies:
      - type: text
        content: "欢迎关注！回复「门票」查看票价。"
  - id: 2
    name: 门票价格
    trigger: keyword
    keywords:
      - {text: 门票, match: contains}
      - {text: 票价, match: contains}
    replies:
      - type: text
        content: "门票：成人 ¥108，儿童 ¥54。"
`

// env is one fanbase started like production (internal/app on a SQLite
// file, listening on a real port) and a simulated WeChat it talks to.
type env struct {
	t    *testing.T
	M    *app.Main
	Sim  *simulator.Platform
	Acct *account.Account // the first account, wxe2e0000000000001
	URL  string           // the app's base URL
}

// newEnv starts the app and the simulator, with one account whose rules
// are testRules. Both stop when the test ends.
func newEnv(t *testing.T) *env {
	t.Helper()
	logger := testLogger(t)
	sim := simulator.New(simulator.Options{Logger: logger.With("component", "simulator")})
	simSrv := httptest.NewServer(sim.Handler())
	t.Cleanup(simSrv.Close)

	cfg := config.Default()
	cfg.Addr = "127.0.0.1:0"
	cfg.Data = t.TempDir()
	cfg.APIBase = simSrv.URL
	m := app.New(cfg, logger)
	if err := m.Open(context.Background()); err != nil {
		_ = m.Close()
		t.Fatalf("open app: %v", err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Errorf("close app: %v", err)
		}
	})
	m.Users.BcryptCost = bcrypt.MinCost // test passwords need no slow hashing
	e := &env{t: t, M: m, Sim: sim, URL: m.URL}
	e.Acct = e.addAccount("wxe2e0000000000001", "国色天香乐园", simSrv.URL)
	return e
}

// addAccount stores a service account in safe mode, gives it testRules and
// registers it with the simulator, whose pushes go to the app's callback.
func (e *env) addAccount(appID, name, apiBase string) *account.Account {
	e.t.Helper()
	ctx := context.Background()
	a := &account.Account{
		AppID: appID, Name: name, OriginalID: "gh_" + appID[len(appID)-12:],
		Secret: "e2e-secret-" + appID, Token: "fanbasee2e", AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
		Type: account.Service, Mode: account.ModeSafe, TimeZone: account.DefaultTimeZone, APIBase: apiBase,
	}
	if err := e.M.Store.CreateAccount(ctx, a); err != nil {
		e.t.Fatalf("create account %s: %v", appID, err)
	}
	e.saveRules(a, testRules)
	err := e.Sim.AddAccount(simulator.Account{AppID: a.AppID, Secret: a.Secret, Token: a.Token, AESKey: a.AESKey,
		OriginalID: a.OriginalID, Mode: string(a.Mode), Type: string(a.Type), CallbackURL: e.URL + "/wx/" + a.AppID})
	if err != nil {
		e.t.Fatalf("simulator account %s: %v", appID, err)
	}
	return a
}

// saveRules stores a new rule-set version for the account and returns it.
func (e *env) saveRules(a *account.Account, yaml string) *autoreply.RuleSet {
	e.t.Helper()
	rs, err := autoreply.ParseRuleFile([]byte(yaml), "yaml")
	if err != nil {
		e.t.Fatalf("parse rules: %v", err)
	}
	rs.AccountID, rs.Author = a.ID, "陈主管"
	saved, err := e.M.Rules.Save(context.Background(), rs)
	if err != nil {
		e.t.Fatalf("save rules of %s: %v", a.AppID, err)
	}
	return saved
}

// addUser creates a user with password and a role on the account
// (user.AllAccounts for all of them).
func (e *env) addUser(login, name string, role user.Role, accountID int64) *user.User {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.M.Users.AddUser(ctx, login, name, password)
	if err != nil {
		e.t.Fatalf("add user %s: %v", login, err)
	}
	if err := e.M.Store.SetMembership(ctx, user.Membership{UserID: u.ID, AccountID: accountID, Role: role}); err != nil {
		e.t.Fatalf("grant %s on %d to %s: %v", role, accountID, login, err)
	}
	return u
}

// push delivers a virtual follower's message or event to the app the way
// WeChat does and returns the app's passive reply ("" when none). A push
// WeChat would show as 该公众号暂时无法提供服务 fails the test.
func (e *env) push(a *account.Account, m *wechat.Message) string {
	e.t.Helper()
	res, err := e.Sim.Push(context.Background(), a.AppID, m)
	if err != nil {
		e.t.Fatalf("push from %s: %v", m.FromUserName, err)
	}
	if res.Err != nil {
		e.t.Fatalf("push from %s failed at the app: %v (status %d)", m.FromUserName, res.Err, res.Status)
	}
	if res.Reply == nil {
		return ""
	}
	return res.Reply.Reply.Content
}

// say is a follower typing text to the first account.
func (e *env) say(openid, text string) string {
	e.t.Helper()
	return e.push(e.Acct, simulator.TextMessage(openid, text, 0))
}

// follow is a follower following the first account.
func (e *env) follow(openid string) string {
	e.t.Helper()
	return e.push(e.Acct, simulator.Subscribe(openid, ""))
}

// received lists the texts of the customer-service messages a follower got
// through the API (passive replies are not in it).
func (e *env) received(a *account.Account, openid string) []string {
	var out []string
	for _, d := range e.Sim.Received(a.AppID, openid) {
		switch {
		case d.Reply.Content != "":
			out = append(out, d.Reply.Content)
		case len(d.Reply.Articles) > 0:
			out = append(out, d.Reply.Articles[0].Title)
		default:
			out = append(out, d.MsgType)
		}
	}
	return out
}

// openID makes a real-looking openid (28 characters, starting with "o")
// for test follower n.
func openID(n int) string { return simulator.CrowdOpenID("wxe2e-followers", n) }

// testLogger sends the app's warnings and errors to the test log, and
// nothing once the test is over (background goroutines may still log).
func testLogger(t *testing.T) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(w.stop)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Logf("app: %s", p)
	}
	return len(p), nil
}

func (w *testWriter) stop() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
}

var _ io.Writer = (*testWriter)(nil)
