package api

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/user"
)

// meJSON is the caller: who they are, how they authenticated and what they
// may do where.
type meJSON struct {
	ID          int64         `json:"id"`
	Login       string        `json:"login"`
	Name        string        `json:"name"`
	Lang        string        `json:"lang,omitempty"`
	Auth        string        `json:"auth"` // "session" or "token"
	AllAccounts user.Role     `json:"all_accounts_role,omitempty"`
	Roles       []accountRole `json:"roles"`
}

// accountRole is the caller's effective role on one account.
type accountRole struct {
	AccountID int64     `json:"account_id"`
	AppID     string    `json:"appid"`
	Name      string    `json:"name"`
	Role      user.Role `json:"role"`
}

// handleMe shows the caller and their effective role on every account they
// may see (a role on all accounts counts on each).
func (a *API) handleMe(w http.ResponseWriter, r *http.Request, c *call) error {
	all, err := a.Accounts.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	me := meJSON{ID: c.User.ID, Login: c.User.Login, Name: c.User.Name, Lang: c.User.Lang, Auth: "session", Roles: []accountRole{}}
	if c.Token != nil {
		me.Auth = "token"
	}
	for _, m := range c.Memberships {
		if m.AccountID == user.AllAccounts && m.Role.AtLeast(me.AllAccounts) {
			me.AllAccounts = m.Role
		}
	}
	for _, acct := range all {
		if role := user.RoleOn(c.Memberships, acct.ID); role != "" {
			me.Roles = append(me.Roles, accountRole{acct.ID, acct.AppID, acct.Name, role})
		}
	}
	writeJSON(w, http.StatusOK, me)
	return nil
}
