package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

func runToken(ctx context.Context, e *env, args []string) error {
	return dispatch(ctx, e, "token", []subcommand{{"create", tokenCreate}, {"list", tokenList}, {"revoke", tokenRevoke}}, args)
}

// tokenView is a token as create --json and list --json print it; Token is
// only ever filled by create.
type tokenView struct {
	Token     string     `json:"token,omitempty"`
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	LastUsed  *time.Time `json:"last_used,omitempty"`
	ExpiresAt *time.Time `json:"expires_at"`
	Revoked   bool       `json:"revoked"`
}

func viewToken(t *user.APIToken) tokenView {
	v := tokenView{ID: t.ID, Name: t.Name, Prefix: t.Prefix, CreatedAt: t.CreatedAt, Revoked: t.Revoked}
	if !t.LastUsed.IsZero() {
		v.LastUsed = &t.LastUsed
	}
	if !t.ExpiresAt.IsZero() {
		v.ExpiresAt = &t.ExpiresAt
	}
	return v
}

func tokenCreate(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	login := fs.String("login", "", "login of the user the token acts as (登录名)")
	name := fs.String("name", "", "what the token is for, e.g. the script's name (用途)")
	ttl := fs.Duration("ttl", 720*time.Hour, "lifetime; 0 never expires (有效期)")
	asJSON := fs.Bool("json", false, "print JSON")
	return withUser(ctx, e, fs, args, login, func(c *userCmd, u *user.User) error {
		token, t, err := c.svc.CreateToken(ctx, u.ID, *name, *ttl)
		if err != nil {
			return err
		}
		if err := c.audit(ctx, 0, "token.create", u.Login, fmt.Sprintf("token %d %q", t.ID, t.Name)); err != nil {
			return err
		}
		v := viewToken(t)
		if *asJSON {
			v.Token = token
			return json.NewEncoder(e.stdout).Encode(v)
		}
		expires := "never 永不过期"
		if v.ExpiresAt != nil {
			expires = v.ExpiresAt.Format(time.RFC3339)
		}
		fmt.Fprintf(e.stderr, "token %d %q for %s, expires %s. It is shown only this once (令牌只显示这一次，请妥善保存):\n",
			t.ID, t.Name, u.Login, expires)
		_, err = fmt.Fprintln(e.stdout, token)
		return err
	})
}

func tokenList(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("token list", flag.ContinueOnError)
	login := fs.String("login", "", "login of the user (登录名)")
	asJSON := fs.Bool("json", false, "print JSON")
	return withUser(ctx, e, fs, args, login, func(c *userCmd, u *user.User) error {
		tokens, err := c.db.ListAPITokens(ctx, u.ID)
		if err != nil {
			return err
		}
		views := make([]tokenView, len(tokens))
		for i := range tokens {
			views[i] = viewToken(&tokens[i])
		}
		if *asJSON {
			enc := json.NewEncoder(e.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(views)
		}
		return printTokens(e, views)
	})
}

func printTokens(e *env, views []tokenView) error {
	stamp := func(t *time.Time, none string) string {
		if t == nil {
			return none
		}
		return t.Local().Format("2006-01-02 15:04")
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME 用途\tPREFIX 前缀\tCREATED 创建\tLAST USED 最近使用\tEXPIRES 过期\tSTATUS 状态")
	for _, v := range views {
		status := "active 有效"
		switch {
		case v.Revoked:
			status = "revoked 已吊销"
		case v.ExpiresAt != nil && !v.ExpiresAt.After(time.Now()):
			status = "expired 已过期"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s…\t%s\t%s\t%s\t%s\n", v.ID, v.Name, v.Prefix, stamp(&v.CreatedAt, ""),
			stamp(v.LastUsed, "-"), stamp(v.ExpiresAt, "never 永不"), status)
	}
	return tw.Flush()
}

func tokenRevoke(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("token revoke", flag.ContinueOnError)
	login := fs.String("login", "", "login of the token's user (登录名)")
	id := fs.Int64("id", 0, "ID of the token, from token list (令牌 ID)")
	return withUser(ctx, e, fs, args, login, func(c *userCmd, u *user.User) error {
		if *id <= 0 {
			return errs.Errorf(errs.Invalid, "--id is required (缺少参数 --id)")
		}
		if err := c.db.RevokeAPIToken(ctx, u.ID, *id); err != nil {
			return err
		}
		return c.confirm(ctx, e, change{0, "token.revoke", u.Login, fmt.Sprintf("token %d", *id)},
			fmt.Sprintf("token %d of %s revoked (令牌已吊销)\n", *id, u.Login))
	})
}
