package user

import "testing"

func TestCanGrant(t *testing.T) {
	const a, b = 7, 8
	owner := []Membership{{AccountID: AllAccounts, Role: Owner}}
	allAdmin := []Membership{{AccountID: AllAccounts, Role: Admin}}
	adminA := []Membership{{AccountID: a, Role: Admin}, {AccountID: AllAccounts, Role: Viewer}}
	ownerA := []Membership{{AccountID: a, Role: Owner}}
	agent := []Membership{{AccountID: AllAccounts, Role: Agent}}
	tests := []struct {
		name    string
		granter []Membership
		account int64
		role    Role
		want    bool
	}{
		{"owner gives owner anywhere", owner, AllAccounts, Owner, true},
		{"owner gives agent on a", owner, a, Agent, true},
		{"admin of all gives admin on b", allAdmin, b, Admin, true},
		{"admin of all never gives owner", allAdmin, a, Owner, false},
		{"admin of a gives agent on a", adminA, a, Agent, true},
		{"admin of a gives admin on a", adminA, a, Admin, true},
		{"admin of a not on b", adminA, b, Viewer, false},
		{"admin of a not on all", adminA, AllAccounts, Viewer, false},
		{"admin of a never gives owner", adminA, a, Owner, false},
		{"owner of a gives owner on a", ownerA, a, Owner, true},
		{"owner of a not on all", ownerA, AllAccounts, Agent, false},
		{"agent gives nothing", agent, a, Viewer, false},
		{"nobody gives nothing", nil, a, Viewer, false},
	}
	for _, tc := range tests {
		if got := CanGrant(tc.granter, tc.account, tc.role); got != tc.want {
			t.Errorf("%s: CanGrant = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestCanManage(t *testing.T) {
	const a, b = 7, 8
	owner := []Membership{{AccountID: AllAccounts, Role: Owner}}
	adminA := []Membership{{AccountID: a, Role: Admin}}
	tests := []struct {
		name            string
		granter, target []Membership
		want            bool
	}{
		{"owner manages an owner", owner, owner, true},
		{"admin of a manages a's agent", adminA, []Membership{{AccountID: a, Role: Agent}}, true},
		{"admin of a manages a user without roles", adminA, nil, true},
		{"admin of a not a's owner", adminA, []Membership{{AccountID: a, Role: Owner}}, false},
		{"admin of a not someone also on b", adminA, []Membership{{AccountID: a, Role: Agent}, {AccountID: b, Role: Viewer}}, false},
		{"admin of a not an all-accounts viewer", adminA, []Membership{{AccountID: AllAccounts, Role: Viewer}}, false},
		{"agent manages nobody", []Membership{{AccountID: a, Role: Agent}}, nil, false},
	}
	for _, tc := range tests {
		if got := CanManage(tc.granter, tc.target); got != tc.want {
			t.Errorf("%s: CanManage = %v, want %v", tc.name, got, tc.want)
		}
	}
}
