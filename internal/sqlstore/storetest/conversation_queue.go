package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// queueFixture opens 12 conversations: o_00…o_11, waiting since base+i
// minutes, in shuffled message order. Then 0–3 go to agent 7, 4–5 to agent
// 8, 6 and 7 are answered (not waiting), 8 and 9 are closed.
func queueFixture(t *testing.T, s Store, acct int64) map[string]int64 {
	ids := map[string]int64{}
	order := []int{5, 2, 11, 0, 7, 3, 9, 1, 10, 4, 8, 6}
	for k, i := range order {
		o := fmt.Sprintf("o_%02d", i)
		tc := mustApply(t, s, int64(k+1), observe(acct, o, int64(k+1), base.Add(time.Duration(i)*time.Minute), true))
		ids[o] = tc[0].ConversationID
	}
	modify := func(i int, fn func(c *inbox.Conversation)) {
		_, err := s.ModifyConversation(ctx(t), ids[fmt.Sprintf("o_%02d", i)], func(c *inbox.Conversation) error {
			fn(c)
			return nil
		})
		if err != nil {
			t.Fatalf("modify %d: %v", i, err)
		}
	}
	for i := range 6 {
		modify(i, func(c *inbox.Conversation) {
			c.Status, c.AssigneeID, c.AssignedAt = inbox.StatusAssigned, int64(7+i/4), base
		})
	}
	for _, i := range []int{6, 7} {
		modify(i, func(c *inbox.Conversation) { c.WaitingSince = time.Time{} })
	}
	for _, i := range []int{8, 9} {
		modify(i, func(c *inbox.Conversation) {
			c.Status, c.ClosedAt, c.ClosedBy = inbox.StatusClosed, base.Add(time.Duration(i)*time.Hour), 7
		})
	}
	return ids
}

// testConversationQueue covers the queue tabs, their order and keyset paging.
func testConversationQueue(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_queue").ID
	ids := queueFixture(t, s, acct)
	tests := []struct {
		name string
		f    inbox.QueueFilter
		want []int // followers o_NN in the expected order
	}{
		{"live: waiting longest first, then answered newest first", inbox.QueueFilter{}, []int{0, 1, 2, 3, 4, 5, 10, 11, 6, 7}},
		{"unassigned", inbox.QueueFilter{Unassigned: true}, []int{10, 11, 6, 7}},
		{"mine", inbox.QueueFilter{AssigneeID: 8}, []int{4, 5}},
		{"assigned", inbox.QueueFilter{Status: inbox.StatusAssigned}, []int{0, 1, 2, 3, 4, 5}},
		{"closed: newest first", inbox.QueueFilter{Status: inbox.StatusClosed}, []int{9, 8}},
	}
	for _, tt := range tests {
		for _, limit := range []int{1, 3, 50} {
			t.Run(fmt.Sprintf("%s/limit %d", tt.name, limit), func(t *testing.T) {
				f := tt.f
				f.AccountID, f.Limit = acct, limit
				got := pageAll(t, s, f)
				want := make([]int64, len(tt.want))
				for i, n := range tt.want {
					want[i] = ids[fmt.Sprintf("o_%02d", n)]
				}
				if !slices.Equal(got, want) {
					t.Errorf("pages gave %v, want %v", got, want)
				}
			})
		}
	}
	t.Run("counts and loads", func(t *testing.T) { checkQueueCounts(t, s, acct) })
	t.Run("another account sees none", func(t *testing.T) {
		other := mustAccount(t, s, "wx_queue_other").ID
		if got := pageAll(t, s, inbox.QueueFilter{AccountID: other}); len(got) != 0 {
			t.Errorf("other account's queue = %v", got)
		}
	})
	_, err := s.ListConversations(ctx(t), inbox.QueueFilter{AccountID: acct, After: "x.1"})
	wantCode(t, "bad page token", err, errs.Invalid)
}

// pageAll follows Next to the end and returns the conversation ids seen.
func pageAll(t *testing.T, s Store, f inbox.QueueFilter) []int64 {
	t.Helper()
	var ids []int64
	for range 100 {
		p, err := s.ListConversations(ctx(t), f)
		if err != nil {
			t.Fatalf("ListConversations(%+v): %v", f, err)
		}
		for _, it := range p.Items {
			if it.AccountID != f.AccountID {
				t.Errorf("row of account %d in the queue of %d", it.AccountID, f.AccountID)
			}
			ids = append(ids, it.ID)
		}
		if p.Next == "" {
			return ids
		}
		f.After = p.Next
	}
	t.Fatal("paging did not end")
	return nil
}

func checkQueueCounts(t *testing.T, s Store, acct int64) {
	c, err := s.CountQueue(ctx(t), acct, 7)
	if want := (inbox.QueueCounts{Unassigned: 4, Mine: 4, Live: 10}); err != nil || c != want {
		t.Errorf("CountQueue = %+v, %v; want %+v", c, err, want)
	}
	loads, err := s.AssigneeLoads(ctx(t), acct)
	if err != nil || len(loads) != 2 || loads[7] != 4 || loads[8] != 2 {
		t.Errorf("AssigneeLoads = %v, %v", loads, err)
	}
}
