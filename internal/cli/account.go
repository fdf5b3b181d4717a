package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
)

func runAccount(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return errs.Errorf(errs.Invalid, "usage: fanbase account add|list|update [flags] (用法)")
	}
	switch args[0] {
	case "add":
		return accountAdd(ctx, e, args[1:], false)
	case "update":
		return accountAdd(ctx, e, args[1:], true)
	case "list":
		return accountList(ctx, e, args[1:])
	}
	return errs.Errorf(errs.Invalid, "unknown account command %q: use add, list or update (未知子命令)", args[0])
}

// accountFlags binds the flags that describe an account.
func accountFlags(fs *flag.FlagSet, a *account.Account, typ, mode *string) {
	fs.StringVar(&a.Name, "name", "", "display name (账号名称)")
	fs.StringVar(&a.AppID, "appid", "", "AppID")
	fs.StringVar(&a.Secret, "secret", "", "AppSecret (never printed)")
	fs.StringVar(&a.Token, "token", "", "callback Token from WeChat's console")
	fs.StringVar(&a.AESKey, "aes-key", "", "EncodingAESKey, 43 characters (never printed)")
	fs.StringVar(typ, "type", string(account.Subscription), "subscription or service (订阅号 / 服务号)")
	fs.StringVar(mode, "mode", string(account.ModeSafe), "message mode: plain, compat or safe (明文 / 兼容 / 安全)")
	fs.StringVar(&a.APIBase, "api-base", "", "WeChat API base URL for this account (e.g. the simulator)")
	fs.StringVar(&a.OriginalID, "original-id", "", "original id gh_…; learnt from the first push when empty")
	fs.StringVar(&a.TimeZone, "timezone", account.DefaultTimeZone, "time zone for reports and schedules")
}

func accountAdd(ctx context.Context, e *env, args []string, update bool) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("account add", flag.ContinueOnError)
	cfg.StoreFlags(fs)
	var a account.Account
	var typ, mode string
	accountFlags(fs, &a, &typ, &mode)
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	a.Type, a.Mode = account.Type(typ), account.Mode(mode)
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if update {
		return accountUpdate(ctx, e, db, fs, &a)
	}
	if err := a.Validate(); err != nil {
		return err
	}
	if err := db.CreateAccount(ctx, &a); err != nil {
		return fmt.Errorf("add account: %w", err)
	}
	_, err = fmt.Fprintf(e.stdout, "account %s added (id %d). Callback URL path 服务器地址路径: /wx/%s\n", a.AppID, a.ID, a.AppID)
	return err
}

// accountUpdate changes only the flags that were given.
func accountUpdate(ctx context.Context, e *env, db account.Store, fs *flag.FlagSet, given *account.Account) error {
	if err := requireFlag("appid", given.AppID); err != nil {
		return err
	}
	cur, err := db.AccountByAppID(ctx, given.AppID)
	if err != nil {
		return fmt.Errorf("account %s: %w", given.AppID, err)
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "name":
			cur.Name = given.Name
		case "secret":
			cur.Secret = given.Secret
		case "token":
			cur.Token = given.Token
		case "aes-key":
			cur.AESKey = given.AESKey
		case "type":
			cur.Type = given.Type
		case "mode":
			cur.Mode = given.Mode
		case "api-base":
			cur.APIBase = given.APIBase
		case "original-id":
			cur.OriginalID = given.OriginalID
		case "timezone":
			cur.TimeZone = given.TimeZone
		}
	})
	if err := cur.Validate(); err != nil {
		return err
	}
	if err := db.UpdateAccount(ctx, cur); err != nil {
		return fmt.Errorf("update account: %w", err)
	}
	_, err = fmt.Fprintf(e.stdout, "account %s updated (已更新)\n", cur.AppID)
	return err
}

// accountView is what list prints: never the secret or the AES key.
type accountView struct {
	ID         int64  `json:"id"`
	AppID      string `json:"appid"`
	Name       string `json:"name"`
	Type       string `json:"type"`
	Mode       string `json:"mode"`
	OriginalID string `json:"original_id"`
	APIBase    string `json:"api_base,omitempty"`
	TimeZone   string `json:"timezone"`
}

func accountList(ctx context.Context, e *env, args []string) error {
	cfg := config.Default()
	fs := flag.NewFlagSet("account list", flag.ContinueOnError)
	cfg.StoreFlags(fs)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, e, args); err != nil {
		return err
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	accounts, err := db.ListAccounts(ctx)
	if err != nil {
		return fmt.Errorf("list accounts: %w", err)
	}
	views := make([]accountView, len(accounts))
	for i, a := range accounts {
		views[i] = accountView{a.ID, a.AppID, a.Name, string(a.Type), string(a.Mode), a.OriginalID, a.APIBase, a.TimeZone}
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(views)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tAPPID\tNAME 名称\tTYPE 类型\tMODE 模式\tORIGINAL ID\tAPI BASE")
	for _, v := range views {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", v.ID, v.AppID, v.Name, v.Type, v.Mode, v.OriginalID, v.APIBase)
	}
	return tw.Flush()
}
