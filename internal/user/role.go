package user

import (
	"slices"

	"github.com/fanbase/fanbase/internal/errs"
)

// Role is what a user may do on an account. Each role can do everything the
// roles below it can.
type Role string

// Roles, from most to least powerful.
const (
	Owner    Role = "owner"    // everything, including users and account secrets
	Admin    Role = "admin"    // users and settings of the account
	Operator Role = "operator" // rules, broadcasts, menus, remediation
	Agent    Role = "agent"    // the inbox: claim, reply, close, notes
	Viewer   Role = "viewer"   // read only
)

// Roles lists every role, most powerful first.
var Roles = []Role{Owner, Admin, Operator, Agent, Viewer}

func (r Role) rank() int {
	i := slices.Index(Roles, r)
	if i < 0 {
		return -1
	}
	return len(Roles) - i
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.rank() > 0 }

// AtLeast reports whether r grants everything min grants.
func (r Role) AtLeast(min Role) bool { return r.Valid() && r.rank() >= min.rank() }

// ParseRole reads a role name.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", errs.Errorf(errs.Invalid, "unknown role %q: want owner, admin, operator, agent or viewer (未知角色)", s)
	}
	return r, nil
}

// RoleOn returns the strongest role the memberships give on the account
// (AllAccounts memberships count everywhere), or "" if none.
func RoleOn(ms []Membership, accountID int64) Role {
	var best Role
	for _, m := range ms {
		if m.AccountID != accountID && m.AccountID != AllAccounts {
			continue
		}
		if best == "" || m.Role.rank() > best.rank() {
			best = m.Role
		}
	}
	return best
}
