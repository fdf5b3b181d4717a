package web

import (
	"net/http"
	"slices"

	"github.com/fanbase/fanbase/internal/user"
)

// usersView is the users page: everyone, their roles on the accounts the
// viewer can see, and what the viewer may grant.
type usersView struct {
	Rows     []userRow
	Accounts []accountChoice // where the viewer may grant roles
	Roles    []user.Role     // roles the viewer may grant somewhere
	Flash    string
	Error    string
	Form     userAddForm // refilled after a failed add
}

type userRow struct {
	User   user.User
	Roles  []roleBadge
	Self   bool
	Manage bool // the viewer may disable the user or reset their password
}

type roleBadge struct {
	Account string
	Role    user.Role
}

// accountChoice is an option of the account select: an appid or "all".
type accountChoice struct {
	Value, Label string
}

// usersDone are the flash messages a redirect after a change may ask for.
var usersDone = []string{"added", "role", "disabled", "enabled", "password"}

func (h *Handler) handleUsersList(w http.ResponseWriter, r *http.Request, p *Page) error {
	v := usersView{}
	if done := r.URL.Query().Get("done"); slices.Contains(usersDone, done) {
		v.Flash = p.T("users.done." + done)
	}
	return h.showUsers(w, r, p, v, http.StatusOK)
}

// showUsers renders the users page; failed changes show it again with
// their error and the status that goes with it.
func (h *Handler) showUsers(w http.ResponseWriter, r *http.Request, p *Page, v usersView, status int) error {
	p.Title, p.Nav = p.T("users.title"), "users"
	users, err := h.Users.ListUsers(r.Context())
	if err != nil {
		return err
	}
	for _, u := range users {
		ms, err := h.Users.Memberships(r.Context(), u.ID)
		if err != nil {
			return err
		}
		v.Rows = append(v.Rows, userRow{User: u, Roles: h.roleBadges(p, ms), Self: u.ID == p.User.ID,
			Manage: u.ID != p.User.ID && user.CanManage(p.memberships, ms)})
	}
	v.Accounts, v.Roles = grantChoices(p)
	if v.Form.Role == "" {
		v.Form.Role = string(user.Agent)
	}
	return h.execute(w, p, "users_list", "layout.html", v, status)
}

// roleBadges names the memberships on accounts the viewer can see.
func (h *Handler) roleBadges(p *Page, ms []user.Membership) []roleBadge {
	var out []roleBadge
	for _, m := range ms {
		if m.AccountID == user.AllAccounts {
			out = append(out, roleBadge{Account: p.T("users.all_accounts"), Role: m.Role})
			continue
		}
		for _, a := range p.Accounts {
			if a.ID == m.AccountID {
				out = append(out, roleBadge{Account: a.Name, Role: m.Role})
			}
		}
	}
	return out
}

// grantChoices lists the accounts and roles the viewer may grant.
func grantChoices(p *Page) ([]accountChoice, []user.Role) {
	// One account first: a role on every account is the exception.
	var accounts []accountChoice
	owner := false
	for _, a := range p.Accounts {
		if user.CanGrant(p.memberships, a.ID, user.Viewer) {
			accounts = append(accounts, accountChoice{a.AppID, a.Name + " (" + a.AppID + ")"})
			owner = owner || user.CanGrant(p.memberships, a.ID, user.Owner)
		}
	}
	if user.CanGrant(p.memberships, user.AllAccounts, user.Viewer) {
		accounts = append(accounts, accountChoice{"all", p.T("users.all_accounts")})
	}
	roles := user.Roles
	if !owner && !user.CanGrant(p.memberships, user.AllAccounts, user.Owner) {
		roles = roles[1:]
	}
	return accounts, roles
}

// grantAccount resolves an account select value to an account ID, only
// among the accounts the viewer can see.
func grantAccount(p *Page, value string) (int64, string, bool) {
	if value == "all" {
		return user.AllAccounts, "all", true
	}
	for _, a := range p.Accounts {
		if a.AppID == value {
			return a.ID, a.AppID, true
		}
	}
	return 0, "", false
}
