package storetest

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

func testCommitInbound(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_inbound").ID
	first := text(acct, "o_alice", 1001, "你好", base)
	orig := mustCommit(t, s, first)[0]
	if orig.Duplicate || orig.MessageID == 0 || orig.Reply == nil || orig.Reply.ID == 0 || orig.Reply.MessageID != orig.MessageID {
		t.Fatalf("new message committed as %+v", orig)
	}
	checkStored(t, s, acct, first)

	retry := text(acct, "o_alice", 1001, "你好", base.Add(5*time.Second))
	retry.Reply.Body = []byte("<xml>a different answer computed on retry</xml>")
	changed := text(acct, "o_alice", 1001, "different content, same MsgId", base.Add(10*time.Second))
	tests := []struct {
		name  string
		batch []inbox.Inbound
		dups  []bool
	}{
		{"retry gets the original reply", []inbox.Inbound{retry}, []bool{true}},
		{"same key, different content", []inbox.Inbound{changed}, []bool{true}},
		{"duplicate inside one batch", []inbox.Inbound{text(acct, "o_bob", 2001, "hi", base), text(acct, "o_bob", 2001, "hi!", base)}, []bool{false, true}},
		{"mixed batch keeps order", []inbox.Inbound{
			text(acct, "o_carol", 3001, "one", base), retry, text(acct, "o_carol", 3002, "two", base),
			event(acct, "o_carol", "CLICK", "menu_1", base), text(acct, "o_carol", 3001, "one again", base),
		}, []bool{false, true, false, false, true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkBatch(t, s, tc.batch, tc.dups) })
	}
	t.Run("original kept", func(t *testing.T) { checkStored(t, s, acct, first) })
	t.Run("retry answered byte-identically", func(t *testing.T) {
		out := mustCommit(t, s, retry)[0]
		if !out.Duplicate || out.MessageID != orig.MessageID || out.Reply == nil ||
			out.Reply.ID != orig.Reply.ID || !bytes.Equal(out.Reply.Body, first.Reply.Body) {
			t.Fatalf("retry = %+v, want the original message %d and reply body %q", out, orig.MessageID, first.Reply.Body)
		}
	})
	mustCounts(t, s, acct, inbox.Counts{Messages: 4, Events: 1, Replies: 4, Followers: 3, Subscribed: 3})
}

// checkBatch commits a batch and checks each result, in order.
func checkBatch(t *testing.T, s Store, batch []inbox.Inbound, dups []bool) {
	t.Helper()
	keys := make([]string, len(batch))
	for i := range batch {
		keys[i] = batch[i].Message.DedupeKey
	}
	out := mustCommit(t, s, batch...)
	for i, res := range out {
		if res.Duplicate != dups[i] || res.MessageID == 0 {
			t.Errorf("item %d (%s): %+v, want duplicate=%v", i, keys[i], res, dups[i])
			continue
		}
		m, err := s.MessageByDedupeKey(ctx(t), batch[i].Message.AccountID, keys[i])
		if err != nil || m.ID != res.MessageID {
			t.Errorf("item %d: stored message %v, %v; result says id %d", i, m, err, res.MessageID)
		}
		checkDuplicateReply(t, s, res)
	}
}

// checkDuplicateReply checks that a duplicate carries the stored passive reply.
func checkDuplicateReply(t *testing.T, s Store, res inbox.Committed) {
	t.Helper()
	if !res.Duplicate {
		return
	}
	replies, err := s.RepliesByMessage(ctx(t), res.MessageID)
	if err != nil {
		t.Fatalf("RepliesByMessage: %v", err)
	}
	if len(replies) == 0 {
		if res.Reply != nil {
			t.Errorf("duplicate of a message without reply returned reply %+v", res.Reply)
		}
		return
	}
	if res.Reply == nil || res.Reply.ID != replies[0].ID || !bytes.Equal(res.Reply.Body, replies[0].Body) {
		t.Errorf("duplicate returned reply %+v, want the stored %+v", res.Reply, replies[0])
	}
}

// checkStored reads a committed push and its reply back, field by field.
func checkStored(t *testing.T, s Store, acct int64, in inbox.Inbound) {
	t.Helper()
	m, err := s.MessageByDedupeKey(ctx(t), acct, in.Message.DedupeKey)
	if err != nil {
		t.Fatalf("MessageByDedupeKey: %v", err)
	}
	want := in.Message
	if m.Content != want.Content || !bytes.Equal(m.Raw, want.Raw) || m.OpenID != want.OpenID ||
		m.Kind != want.Kind || m.MsgID != want.MsgID || m.MsgType != want.MsgType ||
		!m.ReceivedAt.Equal(want.ReceivedAt) || !m.CreateTime.Equal(want.CreateTime) {
		t.Errorf("stored message %+v\nwant %+v", *m, want)
	}
	replies, err := s.RepliesByMessage(ctx(t), m.ID)
	if err != nil || len(replies) != 1 {
		t.Fatalf("RepliesByMessage = %v, %v; want one", replies, err)
	}
	r, w := replies[0], in.Reply
	if !bytes.Equal(r.Body, w.Body) || r.Source != w.Source || r.Channel != inbox.ChannelPassive ||
		r.OpenID != want.OpenID || r.AccountID != acct || r.Status != w.Status || r.Content != w.Content {
		t.Errorf("stored reply %+v\nwant %+v", r, *w)
	}
}

// testCommitRollback checks that a failing item leaves nothing of its batch.
func testCommitRollback(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_rollback").ID
	tests := []struct {
		name string
		bad  inbox.Inbound
		code errs.Code
	}{
		{"unknown account", text(acct+999, "o_x", 9, "lost", base), errs.NotFound},
		{"empty dedupe key", func() inbox.Inbound { in := text(acct, "o_x", 10, "x", base); in.Message.DedupeKey = ""; return in }(), errs.Invalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			good := text(acct, "o_good", 8, "kept?", base)
			_, err := s.CommitInbound(ctx(t), []inbox.Inbound{good, tc.bad})
			if err == nil {
				t.Fatal("CommitInbound succeeded with a bad item")
			}
			wantCode(t, "bad item", err, tc.code)
			_, err = s.MessageByDedupeKey(ctx(t), acct, good.Message.DedupeKey)
			wantCode(t, "good item of a failed batch", err, errs.NotFound)
		})
	}
	mustCounts(t, s, acct, inbox.Counts{})
}

// testCommitConcurrent races several committers on the same pushes: each is
// stored once and every duplicate sees the one stored reply.
func testCommitConcurrent(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_race").ID
	const workers, pushes = 4, 20
	results := make([][]inbox.Committed, workers)
	errList := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			batch := make([]inbox.Inbound, pushes)
			for i := range batch {
				// Reverse the order for odd workers to provoke lock-order conflicts.
				n := i
				if w%2 == 1 {
					n = pushes - 1 - i
				}
				batch[i] = text(acct, []string{"o_a", "o_b", "o_c"}[n%3], int64(5000+n), "race", base)
			}
			results[w], errList[w] = s.CommitInbound(ctx(t), batch)
		})
	}
	wg.Wait()
	news := 0
	for w := range workers {
		if errList[w] != nil {
			t.Fatalf("worker %d: %v", w, errList[w])
		}
		for _, res := range results[w] {
			if !res.Duplicate {
				news++
			}
			if res.Reply == nil {
				t.Errorf("worker %d: result without reply: %+v", w, res)
			}
		}
	}
	if news != pushes {
		t.Errorf("%d pushes stored as new, want %d", news, pushes)
	}
	mustCounts(t, s, acct, inbox.Counts{Messages: pushes, Replies: pushes, Followers: 3, Subscribed: 3})
}
