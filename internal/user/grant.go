package user

// RoleAt is the strongest role the memberships give exactly at accountID:
// for AllAccounts only the AllAccounts memberships count, for one account
// both its own and the AllAccounts ones (as RoleOn).
func RoleAt(ms []Membership, accountID int64) Role {
	if accountID != AllAccounts {
		return RoleOn(ms, accountID)
	}
	var best Role
	for _, m := range ms {
		if m.AccountID == AllAccounts && (best == "" || m.Role.rank() > best.rank()) {
			best = m.Role
		}
	}
	return best
}

// CanGrant reports whether someone with the granter's memberships may give
// (or take away) role r at accountID: they must be admin or owner there,
// and only owners hand out or take away the owner role.
func CanGrant(granter []Membership, accountID int64, r Role) bool {
	mine := RoleAt(granter, accountID)
	if !mine.AtLeast(Admin) {
		return false
	}
	return r != Owner || mine == Owner
}

// CanManage reports whether the granter may disable a user or reset their
// password: only when they could have granted every role the user holds,
// so an account's admin cannot take over an owner or another account's
// staff.
func CanManage(granter, target []Membership) bool {
	if !anyAdmin(granter) {
		return false
	}
	for _, m := range target {
		if !CanGrant(granter, m.AccountID, m.Role) {
			return false
		}
	}
	return true
}

func anyAdmin(ms []Membership) bool {
	for _, m := range ms {
		if m.Role.AtLeast(Admin) {
			return true
		}
	}
	return false
}
