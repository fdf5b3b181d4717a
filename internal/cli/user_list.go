package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/fanbase/fanbase/internal/user"
)

// userView is what user list prints: never the password hash.
type userView struct {
	ID        int64      `json:"id"`
	Login     string     `json:"login"`
	Name      string     `json:"name"`
	Lang      string     `json:"lang,omitempty"`
	Disabled  bool       `json:"disabled"`
	CreatedAt time.Time  `json:"created_at"`
	Roles     []roleView `json:"roles"`
}

// roleView is one membership; Account is an appid or "all".
type roleView struct {
	Account string `json:"account"`
	Role    string `json:"role"`
}

func userList(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("user list", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON")
	c, err := openUsers(ctx, e, fs, args)
	if err != nil {
		return err
	}
	defer c.db.Close()
	views, err := c.userViews(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(views)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tLOGIN 登录名\tNAME 姓名\tROLES 角色\tSTATUS 状态")
	for _, v := range views {
		roles := make([]string, len(v.Roles))
		for i, r := range v.Roles {
			roles[i] = r.Role + "@" + r.Account
		}
		status := "active 正常"
		if v.Disabled {
			status = "disabled 已停用"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", v.ID, v.Login, v.Name, strings.Join(roles, ", "), status)
	}
	return tw.Flush()
}

// userViews lists every user with their roles, accounts named by appid.
func (c *userCmd) userViews(ctx context.Context) ([]userView, error) {
	users, err := c.db.ListUsers(ctx)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	appIDs, err := c.appIDs(ctx)
	if err != nil {
		return nil, err
	}
	views := make([]userView, 0, len(users))
	for _, u := range users {
		ms, err := c.db.Memberships(ctx, u.ID)
		if err != nil {
			return nil, fmt.Errorf("roles of %s: %w", u.Login, err)
		}
		v := userView{ID: u.ID, Login: u.Login, Name: u.Name, Lang: u.Lang, Disabled: u.Disabled,
			CreatedAt: u.CreatedAt, Roles: []roleView{}}
		for _, m := range ms {
			v.Roles = append(v.Roles, roleView{Account: cmp.Or(appIDs[m.AccountID], fmt.Sprintf("#%d", m.AccountID)), Role: string(m.Role)})
		}
		views = append(views, v)
	}
	return views, nil
}

// appIDs maps account IDs to appids, AllAccounts to "all".
func (c *userCmd) appIDs(ctx context.Context) (map[int64]string, error) {
	accounts, err := c.db.ListAccounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	out := map[int64]string{user.AllAccounts: "all"}
	for _, a := range accounts {
		out[a.ID] = a.AppID
	}
	return out, nil
}
