package benchdata_test

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/benchdata"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

func TestSeed(t *testing.T) {
	for _, dialect := range []string{sqlstore.DialectSQLite, sqlstore.DialectPostgres} {
		t.Run(dialect, func(t *testing.T) {
			db := benchdata.OpenFresh(t, dialect)
			opt := benchdata.Options{Accounts: 2, Followers: 300, Messages: 5000, Conversations: 400,
				Now: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
			res, err := benchdata.Seed(t.Context(), db, opt)
			if err != nil {
				t.Fatalf("Seed: %v", err)
			}
			if len(res.Accounts) != 2 || res.Followers != 300 || res.Messages != 5000 || res.Conversations == 0 {
				t.Fatalf("Seed stored %+v", res)
			}
			var messages, replies, followers int64
			for _, a := range res.Accounts {
				c, err := db.Counts(t.Context(), a.ID)
				if err != nil {
					t.Fatalf("Counts: %v", err)
				}
				messages += c.Messages + c.Events
				replies += c.Replies
				followers += c.Followers
			}
			if messages != 5000 || followers != 300 || replies != int64(res.Replies) || replies < 2500 {
				t.Errorf("stored %d messages, %d followers, %d replies; Seed says %+v", messages, followers, replies, res)
			}
			// A second data set goes next to the first.
			again, err := benchdata.Seed(t.Context(), db, benchdata.Options{Accounts: 1, Messages: 100, Followers: 10,
				Now: opt.Now, Seed: 7})
			if err != nil || again.Accounts[0].AppID != "wx_bench_03" || again.Messages != 100 {
				t.Errorf("second Seed = %+v, %v", again, err)
			}
		})
	}
}
