package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/config"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

// subcommand is one verb of a command group such as user or token.
type subcommand struct {
	name string
	run  func(ctx context.Context, e *env, args []string) error
}

// dispatch runs the subcommand args[0] names with the rest of args, and
// answers a missing or unknown one with the group's usage.
func dispatch(ctx context.Context, e *env, group string, subs []subcommand, args []string) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	if len(args) == 0 {
		return errs.Errorf(errs.Invalid, "usage: fanbase %s %s [flags] (用法)", group, strings.Join(names, "|"))
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, e, args[1:])
		}
	}
	last := len(names) - 1
	return errs.Errorf(errs.Invalid, "unknown %s command %q: use %s or %s (未知子命令)",
		group, args[0], strings.Join(names[:last], ", "), names[last])
}

// userCmd is what the user and token commands share: the store and the
// user service on it.
type userCmd struct {
	db  *sqlstore.DB
	svc *user.Service
}

// openUsers parses the flags (store flags added) and opens the store.
func openUsers(ctx context.Context, e *env, fs *flag.FlagSet, args []string) (*userCmd, error) {
	cfg := config.Default()
	cfg.StoreFlags(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return nil, err
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &userCmd{db: db, svc: &user.Service{Store: db}}, nil
}

// withUser is how a command that acts on one user starts: it parses the
// flags, opens the store, looks up the user *login names once parsed, and
// runs fn with both, closing the store after.
func withUser(ctx context.Context, e *env, fs *flag.FlagSet, args []string, login *string,
	fn func(c *userCmd, u *user.User) error) error {
	c, err := openUsers(ctx, e, fs, args)
	if err != nil {
		return err
	}
	defer c.db.Close()
	u, err := c.findUser(ctx, *login)
	if err != nil {
		return err
	}
	return fn(c, u)
}

// audit records a change made from the command line.
func (c *userCmd) audit(ctx context.Context, accountID int64, action, target, detail string) error {
	return c.svc.Audit(ctx, &user.AuditEntry{UserName: "cli", AccountID: accountID,
		Action: action, Target: target, Detail: detail})
}

// change is a change made from the command line, as the audit log records it.
type change struct {
	accountID              int64
	action, target, detail string
}

// confirm records ch in the audit log, then tells the operator msg: only a
// change that was recorded is reported done.
func (c *userCmd) confirm(ctx context.Context, e *env, ch change, msg string) error {
	if err := c.audit(ctx, ch.accountID, ch.action, ch.target, ch.detail); err != nil {
		return err
	}
	_, err := fmt.Fprint(e.stdout, msg)
	return err
}

// findUser looks a user up by --login.
func (c *userCmd) findUser(ctx context.Context, login string) (*user.User, error) {
	if err := requireFlag("login", login); err != nil {
		return nil, err
	}
	u, err := c.db.UserByLogin(ctx, login)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.Errorf(errs.NotFound, "no user with login %q (用户 %q 不存在)", login, login)
	}
	return u, err
}

// accountID resolves --account: an appid, or "all" for every account.
func (c *userCmd) accountID(ctx context.Context, appID string) (int64, error) {
	if err := requireFlag("account", appID); err != nil {
		return 0, err
	}
	if strings.EqualFold(appID, "all") {
		return user.AllAccounts, nil
	}
	a, err := c.db.AccountByAppID(ctx, appID)
	if err != nil {
		return 0, fmt.Errorf("account %s: %w", appID, err)
	}
	return a.ID, nil
}

// openAccount is how a command that acts on one account starts once its
// flags are parsed: it checks --account, opens the store and looks the
// account up. The caller closes the store.
func openAccount(ctx context.Context, cfg config.Config, appID string) (*sqlstore.DB, *account.Account, error) {
	if err := requireFlag("account", appID); err != nil {
		return nil, nil, err
	}
	db, err := app.OpenStore(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	a, err := db.AccountByAppID(ctx, appID)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("account %s: %w", appID, err)
	}
	return db, a, nil
}
