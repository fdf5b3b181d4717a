package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// benchFollowers is the follower count of the benchmark.
const benchFollowers = 200_000

// BenchmarkListFollowers pages and searches 200,000 followers of one
// account: each query must stay on an index (milliseconds, not a scan).
func BenchmarkListFollowers(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchFollowerList(b, openSQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		skipWithoutPostgres(b)
		benchFollowerList(b, mustOpen(b, freshPostgres(b)))
	})
}

func benchFollowerList(b *testing.B, db *sqlstore.DB) {
	acct := loadBenchFollowers(b, db)
	mid := audience.FollowerCursor{FirstSeenAt: benchSeen(benchFollowers / 2), OpenID: benchOpenID(benchFollowers / 2)}
	queries := []struct {
		name string
		q    audience.FollowerQuery
	}{
		{"first page", audience.FollowerQuery{}},
		{"deep page", audience.FollowerQuery{After: mid}},
		{"subscribed", audience.FollowerQuery{Status: audience.StatusSubscribed, After: mid}},
		{"unsubscribed", audience.FollowerQuery{Status: audience.StatusUnsubscribed}},
		{"common prefix", audience.FollowerQuery{Search: "王"}},
		{"rare prefix", audience.FollowerQuery{Search: "王小9"}},
		{"openid prefix", audience.FollowerQuery{Search: benchOpenID(123456)}},
		{"no match", audience.FollowerQuery{Search: "zzz"}},
	}
	b.Run("totals", func(b *testing.B) { // the list page's header
		for b.Loop() {
			if _, err := db.FollowerTotals(b.Context(), acct); err != nil {
				b.Fatalf("FollowerTotals: %v", err)
			}
		}
	})
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			tc.q.AccountID = acct
			for b.Loop() {
				if _, err := db.ListFollowers(b.Context(), tc.q); err != nil {
					b.Fatalf("ListFollowers: %v", err)
				}
			}
		})
	}
}

var benchSurnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")

func benchOpenID(i int) string { return fmt.Sprintf("o6_bmjrPTlm6_%015d", i) }
func benchSeen(i int) time.Time {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
}
func benchNickname(i int) string {
	return fmt.Sprintf("%c小%d", benchSurnames[i%len(benchSurnames)], i)
}
func benchSubscribed(i int) bool { return i%10 != 0 }

func loadBenchFollowers(b *testing.B, db *sqlstore.DB) int64 {
	b.Helper()
	a := &account.Account{AppID: "wx_bench_list", Name: "bench", Type: account.Service, Mode: account.ModePlain}
	if err := db.CreateAccount(b.Context(), a); err != nil {
		b.Fatalf("CreateAccount: %v", err)
	}
	cols := []string{"account_id", "openid", "subscribed", "nickname", "remark", "first_seen_at", "interactions"}
	rows := make([][]any, 0, 20_000)
	for i := range benchFollowers {
		rows = append(rows, []any{a.ID, benchOpenID(i), benchSubscribed(i), benchNickname(i), "", benchSeen(i), int64(i % 50)})
		if len(rows) == cap(rows) {
			if err := db.BulkLoad(b.Context(), "followers", cols, rows); err != nil {
				b.Fatalf("BulkLoad: %v", err)
			}
			rows = rows[:0]
		}
	}
	return a.ID
}
