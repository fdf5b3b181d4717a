package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/audience/tagging"
	"github.com/fanbase/fanbase/internal/audience/wxsync"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

func runFollowers(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "sync" {
		return errs.Errorf(errs.Invalid, "usage: fanbase followers sync --account APPID (用法：同步粉丝)")
	}
	return followersSync(ctx, e, args[1:])
}

// followersSync pulls an account's followers and profiles through the API,
// resuming a sync that was interrupted.
func followersSync(ctx context.Context, e *env, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("followers sync", flag.ContinueOnError)
	cfg.StoreFlags(fs)
	fs.StringVar(&cfg.APIBase, "api-base", cfg.APIBase, "default WeChat API base URL (微信接口地址)")
	fs.Float64Var(&cfg.APIRate, "api-rate", cfg.APIRate, "WeChat API calls per second; 0 = default 50, negative = unlimited (每秒调用微信接口次数)")
	appID := fs.String("account", "", "AppID of the account to sync (要同步的公众号 AppID)")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	db, a, err := openAccount(ctx, cfg, *appID)
	if err != nil {
		return err
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	client := wxclient.New(wxclient.Options{BaseURL: cfg.APIBase, Store: db, Logger: log, RatePerSecond: cfg.APIRate})
	wx := client.Account(wxclient.Credentials{AppID: a.AppID, Secret: a.Secret, BaseURL: a.APIBase})
	tags := tagging.New(db, func(*account.Account) tagging.API { return wx }, log)
	s := &audience.Syncer{API: wxsync.API{Account: wx}, Store: db, AccountID: a.ID, Log: log,
		Progress: progressPrinter(e.stdout), Lease: db, Holder: client.Holder(),
		PushTags: func(ctx context.Context) error { return tags.PushLocal(ctx, a) }}
	began := time.Now()
	st, err := s.Run(ctx)
	if st != nil {
		printSyncResult(e.stdout, st, time.Since(began))
	}
	return err
}

// progressPrinter prints a line per stored page and per 10,000 profiles.
func progressPrinter(w io.Writer) func(audience.SyncState) {
	var lastProfiled int64
	return func(st audience.SyncState) {
		switch {
		case st.Phase == audience.PhaseList || (st.Phase == audience.PhaseProfile && st.Profiled == 0):
			fmt.Fprintf(w, "listed 已拉取列表 %d / %d\n", st.Listed, st.Total)
		case st.Phase == audience.PhaseProfile && st.Profiled-lastProfiled >= 10000:
			lastProfiled = st.Profiled
			fmt.Fprintf(w, "profiled 已获取资料 %d / %d\n", st.Profiled, st.Listed)
		}
	}
}

func printSyncResult(w io.Writer, st *audience.SyncState, took time.Duration) {
	status := "done 完成"
	if st.Running() {
		status = "stopped 已中断 (run again to resume 再次运行即可继续): " + st.Error
	}
	fmt.Fprintf(w, "follower sync %s\nlisted 列表 %d, profiled 资料 %d, unlisted 已取关 %d, API calls 接口调用 %d, time 用时 %s\n",
		status, st.Listed, st.Profiled, st.Unlisted, st.Calls, took.Round(time.Millisecond))
}
