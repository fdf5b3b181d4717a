package inbox_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/benchdata"
	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// BenchmarkDesk seeds one account with the whole data set, then measures
// what the inbox pages ask for: each queue tab, and opening a conversation
// (the conversation, a page of its timeline and the reply window).
func BenchmarkDesk(b *testing.B) {
	benchdata.RunLarge(b, func(b *testing.B, db *sqlstore.DB, res *benchdata.Result) {
		desk := inbox.NewDesk(inbox.Options{Store: db})
		benchQueue(b, desk, res)
		benchOpen(b, desk, res.Accounts[0])
		b.Run("project/256", func(b *testing.B) { benchProject(b, db, desk, res.Accounts[0].ID) })
	})
}

func benchQueue(b *testing.B, desk *inbox.Desk, res *benchdata.Result) {
	acct := res.Accounts[0].ID
	filters := map[string]inbox.QueueFilter{
		"unassigned": {AccountID: acct, Unassigned: true},
		"mine":       {AccountID: acct, AssigneeID: res.AgentIDs[0]},
		"all":        {AccountID: acct},
		"closed":     {AccountID: acct, Status: inbox.StatusClosed},
	}
	for _, name := range []string{"unassigned", "mine", "all", "closed"} {
		b.Run("queue/"+name, func(b *testing.B) {
			f := filters[name]
			benchdata.Timed(b, func() error {
				p, err := desk.Queue(b.Context(), f)
				if err == nil && p.Next != "" { // and the next page, by keyset
					g := f
					g.After = p.Next
					_, err = desk.Queue(b.Context(), g)
				}
				return err
			})
		})
	}
	b.Run("queue/counts", func(b *testing.B) {
		benchdata.Timed(b, func() error { _, err := desk.QueueCounts(b.Context(), acct, res.AgentIDs[0]); return err })
	})
}

// benchOpen opens the live conversations of the first queue page in turn.
func benchOpen(b *testing.B, desk *inbox.Desk, acct *account.Account) {
	page, err := desk.Queue(b.Context(), inbox.QueueFilter{AccountID: acct.ID, Limit: 50})
	if err != nil || len(page.Items) == 0 {
		b.Fatalf("no live conversation to open: %v", err)
	}
	b.Run("conversation/open", func(b *testing.B) {
		i := 0
		benchdata.Timed(b, func() error {
			it := page.Items[i%len(page.Items)]
			i++
			if _, err := desk.Conversation(b.Context(), acct.ID, it.ID); err != nil {
				return err
			}
			if _, err := desk.Timeline(b.Context(), acct.ID, it.OpenID, 0, inbox.DefaultTimelineLimit); err != nil {
				return err
			}
			_, err := desk.Window(b.Context(), acct, it.OpenID, time.Now())
			return err
		})
	})
}

// benchProject measures the projector applying one gateway batch of 256
// handoff messages.
func benchProject(b *testing.B, db *sqlstore.DB, desk *inbox.Desk, acct int64) {
	proj := inbox.NewProjector(desk, inbox.ProjectorOptions{})
	if _, err := proj.CatchUp(b.Context()); err != nil { // the seeded history
		b.Fatalf("CatchUp: %v", err)
	}
	benchdata.TimedBatches(b, db, 256, func(seq int, now time.Time) inbox.Inbound {
		openID := fmt.Sprintf("o_desk_%04d", seq%2000)
		return inbox.Inbound{
			Message: inbox.Message{AccountID: acct, OpenID: openID, Kind: inbox.KindMessage, MsgType: "text",
				MsgID: int64(8e15) + int64(seq), DedupeKey: fmt.Sprint("d", seq), Content: "人工客服", ReceivedAt: now, Handoff: true},
			Follower: audience.Change{OpenID: openID, At: now, Message: true},
		}
	}, func() error { _, err := proj.CatchUp(b.Context()); return err })
}
