package storetest

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

func testPurge(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_purge").ID
	other := mustAccount(t, s, "wx_keep").ID
	old, recent := base.Add(-48*time.Hour), base
	mustCommit(t, s,
		text(acct, "o_p", 1, "old", old), event(acct, "o_p", "CLICK", "k", old),
		text(acct, "o_p", 2, "new", recent), text(other, "o_q", 1, "other account", old))
	n, err := s.PurgeBefore(ctx(t), acct, base.Add(-24*time.Hour))
	if err != nil || n != 3 {
		t.Fatalf("PurgeBefore = %d, %v; want 3 rows (2 messages, 1 reply)", n, err)
	}
	_, err = s.MessageByDedupeKey(ctx(t), acct, "1")
	wantCode(t, "purged message", err, errs.NotFound)
	if _, err := s.MessageByDedupeKey(ctx(t), acct, "2"); err != nil {
		t.Errorf("recent message: %v", err)
	}
	mustCounts(t, s, acct, inbox.Counts{Messages: 1, Replies: 1, Followers: 1, Subscribed: 1})
	mustCounts(t, s, other, inbox.Counts{Messages: 1, Replies: 1, Followers: 1, Subscribed: 1})
	if n, err := s.PurgeBefore(ctx(t), acct, base.Add(-24*time.Hour)); err != nil || n != 0 {
		t.Errorf("second purge = %d, %v; want 0", n, err)
	}
}
