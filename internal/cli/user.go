package cli

import (
	"bufio"
	"cmp"
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

func runUser(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "user", []subcommand{
		{"add", userAdd},
		{"list", userList},
		{"grant", userGrant},
		{"passwd", userPasswd},
		{"disable", func(ctx context.Context, e *env, args []string) error { return userSetDisabled(ctx, e, args, true) }},
		{"enable", func(ctx context.Context, e *env, args []string) error { return userSetDisabled(ctx, e, args, false) }},
	}, args)
}

// passwordFlags binds --password and --password-stdin.
type passwordFlags struct {
	value string
	stdin bool
}

func (p *passwordFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&p.value, "password", "", "the password (visible to other local users: prefer --password-stdin)")
	fs.BoolVar(&p.stdin, "password-stdin", false, "read the password from the first line of standard input (从标准输入读取密码)")
}

// read returns the password from exactly one of the two flags.
func (p *passwordFlags) read(e *env) (string, error) {
	switch {
	case p.stdin && p.value != "":
		return "", errs.Errorf(errs.Invalid, "give --password or --password-stdin, not both (只能二选一)")
	case p.value != "":
		return p.value, nil
	case !p.stdin:
		return "", errs.Errorf(errs.Invalid, "--password or --password-stdin is required (缺少密码参数)")
	}
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" && err != nil {
		return "", errs.Errorf(errs.Invalid, "no password on standard input (标准输入中没有密码)")
	}
	return line, nil
}

func userAdd(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	login := fs.String("login", "", "login name: letters, digits and . _ @ - (登录名)")
	name := fs.String("name", "", "display name shown to colleagues; defaults to the login (姓名)")
	role := fs.String("role", "", "owner, admin, operator, agent or viewer; the first user defaults to owner (角色)")
	acct := fs.String("account", "", "appid of the account the role applies to, or all (账号 AppID 或 all)")
	var pw passwordFlags
	pw.bind(fs)
	c, err := openUsers(ctx, e, fs, args)
	if err != nil {
		return err
	}
	defer c.db.Close()
	password, err := pw.read(e)
	if err != nil {
		return err
	}
	m, err := c.firstRole(ctx, *role, *acct)
	if err != nil {
		return err
	}
	u, err := c.svc.AddUser(ctx, *login, *name, password)
	if err != nil {
		return err
	}
	m.UserID = u.ID
	if err := c.db.SetMembership(ctx, m); err != nil {
		return fmt.Errorf("grant role: %w", err)
	}
	where := accountLabel(*acct)
	return c.confirm(ctx, e, change{m.AccountID, "user.add", u.Login, fmt.Sprintf("%s on %s", m.Role, where)},
		fmt.Sprintf("user %s added (id %d) as %s on %s (已添加用户，角色 %s)\n", u.Login, u.ID, m.Role, where, m.Role))
}

// firstRole decides the new user's membership: the flags when given, owner
// of all accounts for an install's first user.
func (c *userCmd) firstRole(ctx context.Context, role, acct string) (user.Membership, error) {
	if role == "" || acct == "" {
		n, err := c.db.CountUsers(ctx)
		if err != nil {
			return user.Membership{}, err
		}
		if n == 0 {
			role, acct = cmp.Or(role, string(user.Owner)), cmp.Or(acct, "all")
		}
	}
	if err := requireFlag("role", role); err != nil {
		return user.Membership{}, err
	}
	r, err := user.ParseRole(role)
	if err != nil {
		return user.Membership{}, err
	}
	id, err := c.accountID(ctx, acct)
	return user.Membership{AccountID: id, Role: r}, err
}

// accountLabel is how messages name an --account value.
func accountLabel(acct string) string {
	if acct == "" || strings.EqualFold(acct, "all") {
		return "all accounts"
	}
	return acct
}

func userGrant(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("user grant", flag.ContinueOnError)
	login := fs.String("login", "", "login of the user (登录名)")
	acct := fs.String("account", "", "appid of the account, or all (账号 AppID 或 all)")
	role := fs.String("role", "", "owner, admin, operator, agent, viewer, or none to remove (角色；none 表示移除)")
	return withUser(ctx, e, fs, args, login, func(c *userCmd, u *user.User) error {
		if err := requireFlag("role", *role); err != nil {
			return err
		}
		id, err := c.accountID(ctx, *acct)
		if err != nil {
			return err
		}
		if *role == "none" {
			err = c.db.RemoveMembership(ctx, u.ID, id)
		} else {
			err = c.grant(ctx, u.ID, id, *role)
		}
		if err != nil {
			return err
		}
		where := accountLabel(*acct)
		return c.confirm(ctx, e, change{id, "user.grant", u.Login, fmt.Sprintf("%s on %s", *role, where)},
			fmt.Sprintf("%s is now %s on %s (角色已更新)\n", u.Login, *role, where))
	})
}

// grant sets a role, keeping the agent capacity a membership already has.
func (c *userCmd) grant(ctx context.Context, userID, accountID int64, role string) error {
	r, err := user.ParseRole(role)
	if err != nil {
		return err
	}
	m := user.Membership{UserID: userID, AccountID: accountID, Role: r}
	ms, err := c.db.Memberships(ctx, userID)
	if err != nil {
		return err
	}
	for _, old := range ms {
		if old.AccountID == accountID {
			m.Capacity = old.Capacity
		}
	}
	return c.db.SetMembership(ctx, m)
}

func userPasswd(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("user passwd", flag.ContinueOnError)
	login := fs.String("login", "", "login of the user (登录名)")
	var pw passwordFlags
	pw.bind(fs)
	return withUser(ctx, e, fs, args, login, func(c *userCmd, u *user.User) error {
		password, err := pw.read(e)
		if err != nil {
			return err
		}
		if err := c.svc.SetPassword(ctx, u.ID, password); err != nil {
			return err
		}
		return c.confirm(ctx, e, change{0, "user.passwd", u.Login, ""},
			fmt.Sprintf("password of %s changed; their sessions were ended (密码已修改，原有登录已失效)\n", u.Login))
	})
}

func userSetDisabled(ctx context.Context, e *env, args []string, disabled bool) error {
	verb := map[bool]string{true: "disable", false: "enable"}[disabled]
	fs := flag.NewFlagSet("user "+verb, flag.ContinueOnError)
	login := fs.String("login", "", "login of the user (登录名)")
	return withUser(ctx, e, fs, args, login, func(c *userCmd, u *user.User) error {
		if err := setDisabled(ctx, c.db, u, disabled); err != nil {
			return err
		}
		zh := map[bool]string{true: "已停用", false: "已启用"}[disabled]
		return c.confirm(ctx, e, change{0, "user." + verb, u.Login, ""}, fmt.Sprintf("user %s %sd (%s)\n", u.Login, verb, zh))
	})
}

// setDisabled flips the flag; disabling also ends the user's sessions.
func setDisabled(ctx context.Context, db user.Store, u *user.User, disabled bool) error {
	u.Disabled = disabled
	if err := db.UpdateUser(ctx, u); err != nil {
		return fmt.Errorf("update user %s: %w", u.Login, err)
	}
	if disabled {
		if err := db.DeleteUserSessions(ctx, u.ID); err != nil {
			return fmt.Errorf("end sessions of %s: %w", u.Login, err)
		}
	}
	return nil
}
