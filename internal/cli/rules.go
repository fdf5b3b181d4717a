package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/autoreply"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

func runRules(ctx context.Context, e *env, args []string) error {
	subs := map[string]func(context.Context, *env, *rulesCmd) error{
		"import": rulesImport, "export": rulesExport, "test": rulesTest,
		"versions": rulesVersions, "rollback": rulesRollback,
		"canary": rulesCanary, "promote": rulesPromote, "canary-stop": rulesCanaryStop, "diff": rulesDiff,
	}
	if len(args) == 0 || subs[args[0]] == nil {
		return errs.Errorf(errs.Invalid, "usage: fanbase rules import|export|test|versions|rollback|canary|promote|canary-stop|diff --account APPID … (用法)")
	}
	rc := &rulesCmd{name: args[0]}
	fs := rc.flags()
	if err := parseFlags(fs, e, args[1:]); err != nil {
		return err
	}
	rc.args = fs.Args()
	db, acct, err := openAccount(ctx, rc.cfg, rc.appID)
	if err != nil {
		return err
	}
	defer db.Close()
	rc.db, rc.acct = db, acct
	rc.registry = autoreply.NewRegistry(db, discardLogger())
	return subs[args[0]](ctx, e, rc)
}

// rulesCmd carries the flags and handles shared by the rules subcommands.
type rulesCmd struct {
	name     string
	cfg      config.Config
	appID    string
	format   string
	note     string
	out      string
	version  int64
	event    string
	key      string
	at       string
	openID   string
	percent  int
	openIDs  string
	from, to int64
	args     []string
	db       *sqlstore.DB
	acct     *account.Account
	registry *autoreply.Registry
}

func (rc *rulesCmd) flags() *flag.FlagSet {
	rc.cfg = config.Default()
	fs := flag.NewFlagSet("rules "+rc.name, flag.ContinueOnError)
	rc.cfg.StoreFlags(fs)
	fs.StringVar(&rc.appID, "account", "", "account appid (公众号 AppID)")
	fs.StringVar(&rc.appID, "appid", "", "same as --account")
	switch rc.name {
	case "import":
		fs.StringVar(&rc.format, "format", "", "yaml or json; empty detects it")
		fs.StringVar(&rc.note, "note", "", "what changed (版本说明)")
	case "export":
		fs.StringVar(&rc.format, "format", "yaml", "yaml or json")
		fs.StringVar(&rc.out, "out", "", "write to this file instead of standard output")
		fs.Int64Var(&rc.version, "version", 0, "version to export; 0 = the active one")
	case "test":
		fs.StringVar(&rc.event, "event", "", "test an event instead of a text: subscribe, scan, click, location")
		fs.StringVar(&rc.key, "key", "", "menu key (click) or QR scene (subscribe, scan)")
		fs.StringVar(&rc.at, "at", "", "pretend it is this time (RFC 3339), for office-hours rules")
		fs.StringVar(&rc.openID, "openid", "o_rules_test", "the follower's openid")
	case "rollback":
		fs.Int64Var(&rc.version, "version", 0, "version to make active again (回滚到的版本)")
	case "canary":
		fs.Int64Var(&rc.version, "version", 0, "version to try on some followers first; 0 shows the running canary (灰度版本)")
		fs.IntVar(&rc.percent, "percent", 0, "share of followers, 0-100, chosen by a stable hash of the openid (灰度粉丝比例)")
		fs.StringVar(&rc.openIDs, "openids", "", "test followers that always get the canary, comma-separated (测试粉丝 openid)")
	case "diff":
		fs.Int64Var(&rc.from, "from", 0, "older version (旧版本)")
		fs.Int64Var(&rc.to, "to", 0, "newer version; 0 = the active one (新版本)")
	}
	return fs
}

func rulesImport(ctx context.Context, e *env, rc *rulesCmd) error {
	if len(rc.args) != 1 {
		return errs.Errorf(errs.Invalid, "usage: fanbase rules import --account APPID FILE (请指定规则文件)")
	}
	data, err := os.ReadFile(rc.args[0])
	if err != nil {
		return fmt.Errorf("read rule file (无法读取规则文件): %w", err)
	}
	format := rc.format
	if format == "" {
		format = strings.TrimPrefix(filepath.Ext(rc.args[0]), ".")
		if format != "json" && format != "yaml" && format != "yml" {
			format = ""
		}
	}
	rs, err := autoreply.ParseRuleFile(data, format)
	if err != nil {
		return fmt.Errorf("%s: %w", rc.args[0], err)
	}
	rs.AccountID = rc.acct.ID
	if rc.note != "" {
		rs.Note = rc.note
	}
	if rs.Author == "" {
		rs.Author = "cli"
	}
	if _, err := rc.registry.Save(ctx, rs); err != nil {
		return err
	}
	_, err = fmt.Fprintf(e.stdout, "imported %d rules as version %d of %s (已导入，版本 %d)\n", len(rs.Rules), rs.Version, rc.appID, rs.Version)
	return err
}

func rulesExport(ctx context.Context, e *env, rc *rulesCmd) error {
	var rs *autoreply.RuleSet
	var err error
	if rc.version > 0 {
		rs, err = rc.db.RuleSetVersion(ctx, rc.acct.ID, rc.version)
	} else {
		rs, err = rc.db.ActiveRuleSet(ctx, rc.acct.ID)
	}
	if err != nil {
		return fmt.Errorf("rules of %s: %w", rc.appID, err)
	}
	data, err := autoreply.Export(rs, rc.format)
	if err != nil {
		return err
	}
	if rc.out != "" {
		if err := os.WriteFile(rc.out, data, 0o644); err != nil {
			return fmt.Errorf("export rules (无法写入导出文件): %w", err)
		}
		return nil
	}
	_, err = e.stdout.Write(data)
	return err
}

func rulesVersions(ctx context.Context, e *env, rc *rulesCmd) error {
	infos, err := rc.db.ListRuleSets(ctx, rc.acct.ID)
	if err != nil {
		return fmt.Errorf("versions of %s: %w", rc.appID, err)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION 版本\tACTIVE 生效\tRULES 规则数\tCREATED 创建时间\tAUTHOR\tNOTE 说明")
	for _, v := range infos {
		active := ""
		switch {
		case v.Active:
			active = "*"
		case v.Canary:
			active = "canary"
		}
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", v.Version, active, v.Rules,
			v.CreatedAt.In(rc.acct.Location()).Format("2006-01-02 15:04"), v.Author, v.Note)
	}
	return tw.Flush()
}

func rulesRollback(ctx context.Context, e *env, rc *rulesCmd) error {
	if rc.version <= 0 {
		return errs.Errorf(errs.Invalid, "--version is required (请指定 --version)")
	}
	if err := rc.registry.Rollback(ctx, rc.acct.ID, rc.version); err != nil {
		return err
	}
	_, err := fmt.Fprintf(e.stdout, "version %d of %s is active again (已回滚到版本 %d)\n", rc.version, rc.appID, rc.version)
	return err
}

func rulesTest(ctx context.Context, e *env, rc *rulesCmd) error {
	now := time.Now()
	if rc.at != "" {
		t, err := time.Parse(time.RFC3339, rc.at)
		if err != nil {
			return errs.Errorf(errs.Invalid, "--at must be an RFC 3339 time such as 2026-11-23T20:30:00+08:00 (时间格式不正确)")
		}
		now = t
	}
	m, err := testMessage(rc, now)
	if err != nil {
		return err
	}
	engine, err := rc.registry.EngineFor(ctx, rc.acct.ID, m.FromUserName)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.stdout, engine.Explain(m, now, rc.acct.Location()).String())
	return err
}
