package analytics_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/analytics"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/benchdata"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// BenchmarkDashboard seeds one account with the whole data set (the worst
// case for one dashboard), folds it into the rollups, then measures each
// report as the pages ask for it.
func BenchmarkDashboard(b *testing.B) {
	benchdata.RunLarge(b, func(b *testing.B, db *sqlstore.DB, res *benchdata.Result) {
		start := time.Now()
		pr, err := analytics.NewProjector(db, nil).CatchUp(b.Context())
		if err != nil {
			b.Fatalf("CatchUp: %v", err)
		}
		b.Logf("%s: rollups folded in %d messages and %d replies in %v",
			db.Dialect(), pr.Messages, pr.Replies, time.Since(start).Round(time.Millisecond))
		benchReports(b, db, res)
	})
}

func benchReports(b *testing.B, db *sqlstore.DB, res *benchdata.Result) {
	svc := analytics.NewService(db, nil)
	acct := res.Accounts[0]
	for _, days := range []int{7, 30, 90} {
		b.Run(fmt.Sprintf("account/%dd", days), func(b *testing.B) {
			benchdata.Timed(b, func() error {
				_, err := svc.Dashboard(b.Context(), analytics.Query{AccountIDs: []int64{acct.ID},
					Period: analytics.Period{Loc: acct.Location(), Days: days}})
				return err
			})
		})
	}
	b.Run("overview/30d", func(b *testing.B) {
		benchdata.Timed(b, func() error {
			_, err := svc.Overview(b.Context(), []analytics.Scope{{AccountID: acct.ID, Loc: acct.Location()}}, 30, time.Now())
			return err
		})
	})
	b.Run("agents/30d", func(b *testing.B) {
		benchdata.Timed(b, func() error {
			_, err := svc.Agents(b.Context(), analytics.AgentQuery{AccountID: acct.ID,
				Period: analytics.Period{Loc: acct.Location(), Days: 30}})
			return err
		})
	})
	b.Run("refresh/256", func(b *testing.B) { benchRefresh(b, db, acct.ID) })
}

// benchRefresh measures folding in one gateway batch of 256 new messages.
func benchRefresh(b *testing.B, db *sqlstore.DB, acct int64) {
	proj := analytics.NewProjector(db, nil)
	benchdata.TimedBatches(b, db, 256, func(seq int, now time.Time) inbox.Inbound {
		openID := fmt.Sprintf("o_refresh_%04d", seq%1000)
		return inbox.Inbound{
			Message: inbox.Message{AccountID: acct, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text",
				MsgID: int64(9e15) + int64(seq), DedupeKey: fmt.Sprint("r", seq), Content: "你好", ReceivedAt: now},
			Reply:    &inbox.Reply{Content: "欢迎", Source: inbox.Source{RuleID: 3, RuleVersion: 3}, Status: "sent"},
			Follower: audience.Change{OpenID: openID, At: now, Message: true},
		}
	}, func() error { _, err := proj.CatchUp(b.Context()); return err })
}
