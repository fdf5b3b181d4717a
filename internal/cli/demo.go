package cli

import (
	"context"
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/simulator"
)

//go:embed demo_rules.yaml
var demoRules []byte

// The demo account. Its secrets are public on purpose: it only ever talks
// to the built-in simulator.
var demoAccount = account.Account{
	AppID: "wxdemo0fanbase001", Name: "国色天香乐园（演示）", OriginalID: "gh_fanbase_demo",
	Secret: "demo-secret-not-real", Token: "fanbasedemo", AESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
	Type: account.Service, Mode: account.ModeSafe, TimeZone: account.DefaultTimeZone,
}

// runDemo starts fanbase with a demo account fed by the simulator: virtual
// followers follow, ask in Chinese and English, click menus, scan QR codes
// and send locations, and the rules answer them.
func runDemo(ctx context.Context, e *env, args []string) error {
	cfg := config.Default()
	cfg.Data = "fanbase-demo"
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cfg.ServeFlags(fs)
	simAddr := fs.String("sim-addr", "127.0.0.1:0", "where the simulated WeChat API listens")
	rate := fs.Float64("rate", 2, "virtual follower actions per second")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	m, err := openMain(ctx, e, cfg)
	if err != nil {
		return err
	}
	defer m.Close()
	logger := m.Logger
	p, simURL, stopSim, err := startSimulator(*simAddr, logger)
	if err != nil {
		return err
	}
	defer stopSim()
	callback, err := loopbackURL(m.URL)
	if err != nil {
		return err
	}
	acctID, err := setUpDemoAccount(ctx, m, p, simURL, callback)
	if err != nil {
		return stoppedOr(ctx, err)
	}
	logins, err := setUpDemoUsers(ctx, m.Users, m.Store, acctID)
	if err != nil {
		return stoppedOr(ctx, err)
	}
	printDemo(e, callback, simURL, cfg, logins)
	crowdLoop(ctx, p, *rate, logger)
	return nil
}

// stoppedOr treats an error caused by Ctrl-C during start-up as a clean stop.
func stoppedOr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return nil
	}
	return err
}

func startSimulator(addr string, logger *slog.Logger) (*simulator.Platform, string, func(), error) {
	p := simulator.New(simulator.Options{Logger: logger.With("component", "simulator")})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", nil, fmt.Errorf("simulator: %w", err)
	}
	srv := &http.Server{Handler: p.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("simulator stopped", "error", err.Error())
		}
	}()
	return p, "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// loopbackURL turns a wildcard listen URL (http://[::]:8080) into one the
// simulator can post to.
func loopbackURL(u string) (string, error) {
	host, port, err := net.SplitHostPort(u[len("http://"):])
	if err != nil {
		return "", fmt.Errorf("server url %q: %w", u, err)
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port), nil
}

// setUpDemoAccount creates (or points at this run's simulator) the demo
// account, loads the sample rules once, and registers it with the simulator.
func setUpDemoAccount(ctx context.Context, m *app.Main, p *simulator.Platform, simURL, base string) (int64, error) {
	a := demoAccount
	a.APIBase = simURL
	cur, err := m.Store.AccountByAppID(ctx, a.AppID)
	switch {
	case errs.Is(err, errs.NotFound):
		err = m.Store.CreateAccount(ctx, &a)
	case err == nil:
		a.ID = cur.ID
		err = m.Store.UpdateAccount(ctx, &a)
	}
	if err != nil {
		return 0, fmt.Errorf("demo account: %w", err)
	}
	m.Gateway.Forget(a.AppID)
	if _, err := m.Store.ActiveRuleSet(ctx, a.ID); errs.Is(err, errs.NotFound) {
		rs, err := autoreply.ParseRuleFile(demoRules, "yaml")
		if err != nil {
			return 0, fmt.Errorf("demo rules: %w", err)
		}
		rs.AccountID, rs.Author = a.ID, "demo"
		if _, err := m.Rules.Save(ctx, rs); err != nil {
			return 0, fmt.Errorf("demo rules: %w", err)
		}
	}
	return a.ID, p.AddAccount(simulator.Account{AppID: a.AppID, Secret: a.Secret, Token: a.Token, AESKey: a.AESKey,
		OriginalID: a.OriginalID, Mode: string(a.Mode), Type: string(a.Type), CallbackURL: base + "/wx/" + a.AppID})
}

func printDemo(e *env, base, simURL string, cfg config.Config, logins []demoLogin) {
	url := base
	fmt.Fprintf(e.stdout, `
fanbase demo is running 演示已启动
  open 打开           %s/   (log in with one of the accounts below 用下面的账号登录)
`, base)
	for _, l := range logins {
		fmt.Fprintf(e.stdout, "  login 登录         %-7s password 密码 %s   (%s)\n", l.Login, l.Password, l.Name)
	}
	fmt.Fprintf(e.stdout, `  account 公众号      %s  %s (safe mode 安全模式)
  callback 回调地址   %s/wx/%s
  metrics 指标        %s/metrics
  health 健康检查     %s/healthz
  simulator 模拟器    %s/sim/state   (virtual followers and what they received)
  counts 统计         fanbase stats --account %s --data %s
  rules 规则          fanbase rules test --account %s --data %s "门票多少钱"
Press Ctrl-C to stop 按 Ctrl-C 停止.
`, demoAccount.AppID, demoAccount.Name, base, demoAccount.AppID, url, url, simURL,
		demoAccount.AppID, cfg.Data, demoAccount.AppID, cfg.Data)
}

// crowdLoop keeps virtual followers busy until ctx ends, logging a short
// report every minute.
func crowdLoop(ctx context.Context, p *simulator.Platform, rate float64, logger *slog.Logger) {
	sc := simulator.Scenario{Rate: rate, Duration: time.Minute, Concurrency: 4, Followers: 200,
		MenuKeys: []string{"MENU_TICKETS", "MENU_COUPON", "MENU_AGENT"}, Scenes: []string{"store_001", "gate_east"}}
	for ctx.Err() == nil {
		sc.Seed = time.Now().UnixNano()
		rep, err := p.Run(ctx, demoAccount.AppID, sc)
		if rep != nil && ctx.Err() == nil {
			logger.Info("demo crowd", "sent", rep.Sent, "replied", rep.Replied, "failed", rep.Failed, "p99", rep.Latency.P99)
		}
		if err != nil && ctx.Err() == nil {
			logger.Error("demo crowd", "error", err.Error())
			time.Sleep(time.Second)
		}
	}
}
