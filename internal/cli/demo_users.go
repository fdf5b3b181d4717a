package cli

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// demoLogin is a web login the demo creates and prints.
type demoLogin struct {
	Login, Name string
	Role        user.Role
	Password    string
}

// demoLogins are the demo's people: an owner and two agents, so the inbox's
// assignment and transfer have someone to work with.
var demoLogins = []demoLogin{
	{Login: "demo", Name: "演示管理员", Role: user.Owner},
	{Login: "agent1", Name: "客服小王", Role: user.Agent},
	{Login: "agent2", Name: "客服小李", Role: user.Agent},
}

// setUpDemoUsers creates the demo logins on first run and gives each a
// fresh random password on every run, printed once: the demo listens on a
// real port, so a well-known password would be an open door.
func setUpDemoUsers(ctx context.Context, users *user.Service, store user.Store, accountID int64) ([]demoLogin, error) {
	out := make([]demoLogin, 0, len(demoLogins))
	for _, d := range demoLogins {
		d.Password = demoPassword()
		u, err := store.UserByLogin(ctx, d.Login)
		switch {
		case errs.Is(err, errs.NotFound):
			u, err = users.AddUser(ctx, d.Login, d.Name, d.Password)
		case err == nil:
			err = users.SetPassword(ctx, u.ID, d.Password)
		}
		if err != nil {
			return nil, fmt.Errorf("demo user %s: %w", d.Login, err)
		}
		scope := accountID
		if d.Role == user.Owner {
			scope = user.AllAccounts
		}
		if err := store.SetMembership(ctx, user.Membership{UserID: u.ID, AccountID: scope, Role: d.Role}); err != nil {
			return nil, fmt.Errorf("demo user %s: %w", d.Login, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// demoPassword is 12 characters people can type: no 0/O or 1/l.
func demoPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}
