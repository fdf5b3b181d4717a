// Package benchdata fills a store with a large, realistic data set, fast:
// accounts with their rule sets, followers, a history of their messages and
// events with the replies the rules and the agents sent, and service-desk
// conversations. Benchmarks of the dashboards, the queue and search share
// it, so they all measure against the same shape of data.
//
// Rows go in through sqlstore's BulkLoad, many per statement, bypassing the
// message hot path. The data set is a pure function of Options (Seed and
// Now included).
package benchdata

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// Options size the data set. Zero fields take the defaults shown.
type Options struct {
	Accounts      int       // 1; followers, messages and conversations are split evenly
	Followers     int       // 1,000 in all
	Messages      int       // 10,000 inbound pushes in all (messages and events)
	Conversations int       // Messages/20 in all
	AgentIDs      []int64   // the agents conversations are assigned to; 1..5
	Days          int       // 90 days of history, ending at Now
	Now           time.Time // time.Now()
	Seed          uint64    // 1
}

// Result is what Seed stored.
type Result struct {
	Accounts      []*account.Account
	AgentIDs      []int64
	Followers     int
	Messages      int
	Replies       int
	Conversations int
}

func (o Options) normalize() Options {
	o.Accounts = max(o.Accounts, 1)
	o.Followers = cmp.Or(o.Followers, 1000)
	o.Messages = cmp.Or(o.Messages, 10000)
	o.Conversations = cmp.Or(o.Conversations, o.Messages/20)
	if len(o.AgentIDs) == 0 {
		o.AgentIDs = []int64{1, 2, 3, 4, 5}
	}
	o.Days = cmp.Or(o.Days, 90)
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC().Truncate(time.Millisecond)
	o.Seed = cmp.Or(o.Seed, 1)
	return o
}

// Seed creates opt.Accounts new accounts (appids wx_bench_01, … numbered
// after the accounts already stored) and fills them. The database may hold
// other data; ids continue after it.
func Seed(ctx context.Context, db *sqlstore.DB, opt Options) (*Result, error) {
	opt = opt.normalize()
	res := &Result{AgentIDs: opt.AgentIDs}
	g := &generator{opt: opt, rng: rand.New(rand.NewPCG(opt.Seed, 0x6661_6e62_6173_65)), loc: shanghai()}
	existing, err := db.ListAccounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("benchdata: %w", err)
	}
	for k := range opt.Accounts {
		a := &account.Account{AppID: fmt.Sprintf("wx_bench_%02d", len(existing)+k+1), Name: accountNames[k%len(accountNames)],
			Token: "benchtoken", Type: account.Service, Mode: account.ModePlain, TimeZone: account.DefaultTimeZone,
			CreatedAt: opt.Now.AddDate(0, 0, -opt.Days-30)}
		if err := db.CreateAccount(ctx, a); err != nil {
			return nil, fmt.Errorf("benchdata: %w", err)
		}
		res.Accounts = append(res.Accounts, a)
		g.accounts = append(g.accounts, a.ID)
	}
	g.generate()
	if err := db.BulkMode(ctx, func() error { return g.write(ctx, db, res) }); err != nil {
		return nil, fmt.Errorf("benchdata: %w", err)
	}
	return res, nil
}

// share splits total evenly over the accounts: account k's part.
func share(total, accounts, k int) int {
	n := total / accounts
	if k < total%accounts {
		n++
	}
	return n
}
