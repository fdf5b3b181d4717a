package benchdata

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/fanbase/fanbase/internal/sqlstore"
)

// DefaultTagShares are the shares of an account's followers that carry
// each seeded tag: a few broad tags and a long tail of narrow ones, as
// operators tag in practice.
var DefaultTagShares = []float64{0.40, 0.20, 0.10, 0.05, 0.02, 0.01, 0.005, 0.001}

var tagNames = []string{"会员", "新客", "活动报名", "门店顾客", "高价值", "投诉过", "内测用户", "合作伙伴"}

// SeedTags gives every account Seed stored len(shares) tags (DefaultTagShares
// when nil) and puts tag i on about shares[i] of its followers, chosen
// independently with a fixed seed. It returns the tag ids, account by
// account, and how many follower_tags rows it wrote.
func SeedTags(ctx context.Context, db *sqlstore.DB, res *Result, shares []float64, seed uint64) ([][]int64, int, error) {
	if shares == nil {
		shares = DefaultTagShares
	}
	next, err := db.NextID(ctx, "tags")
	if err != nil {
		return nil, 0, fmt.Errorf("benchdata: %w", err)
	}
	rng := rand.New(rand.NewPCG(seed, 0x7461_6773))
	ids := make([][]int64, len(res.Accounts))
	rows := 0
	err = db.BulkMode(ctx, func() error {
		for k, a := range res.Accounts {
			var err error
			ids[k], next, err = seedAccountTags(ctx, db, a.ID, next, len(shares))
			if err != nil {
				return err
			}
			n, err := tagFollowers(ctx, db, rng, a.ID, k, share(res.Followers, len(res.Accounts), k), ids[k], shares)
			rows += n
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("benchdata: tags: %w", err)
	}
	return ids, rows, nil
}

func seedAccountTags(ctx context.Context, db *sqlstore.DB, acct, next int64, n int) ([]int64, int64, error) {
	l := &loader{ctx: ctx, db: db, table: "tags", cols: []string{"id", "account_id", "name", "created_at"}}
	ids := make([]int64, n)
	for i := range n {
		ids[i] = next
		name := fmt.Sprintf("%s %d", tagNames[i%len(tagNames)], i+1)
		if err := l.add(next, acct, name, time.Unix(1_700_000_000, 0)); err != nil {
			return nil, 0, err
		}
		next++
	}
	return ids, next, l.flush()
}

func tagFollowers(ctx context.Context, db *sqlstore.DB, rng *rand.Rand, acct int64, k, followers int,
	ids []int64, shares []float64) (int, error) {
	l := &loader{ctx: ctx, db: db, table: "follower_tags", cols: []string{"account_id", "openid", "tag_id"}}
	for n := range followers {
		openID := followerOpenID(k, n)
		for i, id := range ids {
			if rng.Float64() < shares[i] {
				if err := l.add(acct, openID, id); err != nil {
					return l.n, err
				}
			}
		}
	}
	return l.n, l.flush()
}
