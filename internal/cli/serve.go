package cli

import (
	"context"
	"flag"

	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/config"
)

func runServe(ctx context.Context, e *env, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.ServeFlags(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	m, err := openMain(ctx, e, cfg)
	if err != nil {
		return err
	}
	warnWithoutUsers(ctx, m)
	<-ctx.Done()
	m.Logger.Info("shutting down: finishing in-flight callbacks")
	return m.Close()
}

// openMain validates the configuration and starts the application.
func openMain(ctx context.Context, e *env, cfg config.Config) (*app.Main, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	logger, err := newLogger(cfg, e.stderr)
	if err != nil {
		return nil, err
	}
	m := app.New(cfg, logger)
	if err := m.Open(ctx); err != nil {
		_ = m.Close()
		return nil, err
	}
	return m, nil
}

// warnWithoutUsers says how to create the first login: a fresh install
// serves callbacks at once, but nobody can open the web app yet.
func warnWithoutUsers(ctx context.Context, m *app.Main) {
	n, err := m.Store.CountUsers(ctx)
	if err != nil || n > 0 {
		return
	}
	m.Logger.Warn("no web users yet: create the first owner with `fanbase user add --login NAME --password-stdin` (还没有网页登录账号：请先用 fanbase user add 创建所有者)")
}
