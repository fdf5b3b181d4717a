package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

const testCursor = "inbox.conversations"

// observe builds an observation of a user message.
func observe(acct int64, openID string, msgID int64, at time.Time, opens bool) inbox.Observation {
	return inbox.Observation{MessageID: msgID, AccountID: acct, OpenID: openID, At: at,
		Text: fmt.Sprintf("msg %d", msgID), Opens: opens}
}

func mustApply(t *testing.T, s Store, pos int64, obs ...inbox.Observation) []inbox.Touched {
	t.Helper()
	touched, err := s.ApplyObservations(ctx(t), testCursor, pos, obs)
	if err != nil {
		t.Fatalf("ApplyObservations: %v", err)
	}
	return touched
}

func mustLive(t *testing.T, s Store, acct int64, openID string) *inbox.Conversation {
	t.Helper()
	c, err := s.LiveConversation(ctx(t), acct, openID)
	if err != nil {
		t.Fatalf("LiveConversation(%s): %v", openID, err)
	}
	return c
}

// testConversationProjection covers the projector's reads and its
// all-or-nothing apply with the cursor.
func testConversationProjection(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_project").ID
	start, err := s.Cursor(ctx(t), testCursor)
	if err != nil {
		t.Fatalf("Cursor: %v", err)
	}
	in := []inbox.Inbound{
		text(acct, "o_a", 1, "你好", base),
		event(acct, "o_a", "CLICK", "K", base.Add(time.Second)),
		text(acct, "o_a", 2, "人工客服", base.Add(2*time.Second)),
	}
	in[2].Message.Handoff = true
	var out []inbox.Committed
	for _, item := range in { // one by one: a batch stores in dedupe-key order
		out = append(out, mustCommit(t, s, item)...)
	}
	msgs, err := s.MessagesAfter(ctx(t), start, 10)
	if err != nil || len(msgs) != 3 {
		t.Fatalf("MessagesAfter = %d messages, %v; want 3", len(msgs), err)
	}
	if m := msgs[2]; m.ID != out[2].MessageID || !m.Handoff || m.Content != "人工客服" || m.Raw != nil || msgs[1].Kind != inbox.KindEvent {
		t.Errorf("MessagesAfter read %+v", msgs)
	}
	byID, err := s.MessagesByID(ctx(t), []int64{out[2].MessageID, out[0].MessageID, 1 << 40})
	if err != nil || len(byID) != 2 || byID[0].ID != out[0].MessageID {
		t.Errorf("MessagesByID = %+v, %v", byID, err)
	}
	t.Run("a message that does not open touches nothing", func(t *testing.T) {
		if got := mustApply(t, s, out[0].MessageID, observe(acct, "o_a", out[0].MessageID, base, false)); len(got) != 0 {
			t.Errorf("touched %+v", got)
		}
		if _, err := s.LiveConversation(ctx(t), acct, "o_a"); !errs.Is(err, errs.NotFound) {
			t.Errorf("LiveConversation = %v, want NotFound", err)
		}
	})
	t.Run("opens, then updates", func(t *testing.T) { checkOpenThenUpdate(t, s, acct, out[2].MessageID) })
	t.Run("cursor moves with the batch, never back", func(t *testing.T) {
		mustApply(t, s, 5)
		if pos, err := s.Cursor(ctx(t), testCursor); err != nil || pos < out[2].MessageID+100 {
			t.Errorf("cursor at %d, %v; want it not moved back", pos, err)
		}
	})
	t.Run("a failed batch changes nothing", func(t *testing.T) {
		before, _ := s.Cursor(ctx(t), testCursor)
		_, err := s.ApplyObservations(ctx(t), testCursor, before+50,
			[]inbox.Observation{observe(acct, "o_fail", 1, base, true), observe(acct+999, "o_fail", 2, base, true)})
		if err == nil {
			t.Fatal("ApplyObservations with an unknown account succeeded")
		}
		if pos, _ := s.Cursor(ctx(t), testCursor); pos != before {
			t.Errorf("cursor moved to %d after a failed batch, want %d", pos, before)
		}
		if _, err := s.LiveConversation(ctx(t), acct, "o_fail"); !errs.Is(err, errs.NotFound) {
			t.Errorf("half a failed batch was stored: %v", err)
		}
	})
}

func checkOpenThenUpdate(t *testing.T, s Store, acct, msgID int64) {
	at := base.Add(2 * time.Second)
	touched := mustApply(t, s, msgID, observe(acct, "o_a", msgID, at, true))
	if len(touched) != 1 || !touched[0].Opened || touched[0].AccountID != acct {
		t.Fatalf("touched = %+v, want one opened", touched)
	}
	c := mustLive(t, s, acct, "o_a")
	if c.ID != touched[0].ConversationID || c.Status != inbox.StatusOpen || c.Messages != 1 || !c.WaitingSince.Equal(at) ||
		c.OpenedByMessage != msgID || c.LastMessageID != msgID || c.LastText != fmt.Sprintf("msg %d", msgID) {
		t.Errorf("opened conversation %+v", c)
	}
	later := at.Add(time.Minute)
	touched = mustApply(t, s, msgID+100,
		observe(acct, "o_a", msgID+100, later, false),                // updates although it would not open
		observe(acct, "o_a", msgID+50, later.Add(time.Second), true)) // late: counts, is not the last
	if len(touched) != 1 || touched[0].Opened {
		t.Errorf("touched = %+v, want the same conversation once, not opened", touched)
	}
	c = mustLive(t, s, acct, "o_a")
	if c.Messages != 3 || c.LastMessageID != msgID+100 || !c.LastMessageAt.Equal(later) || !c.WaitingSince.Equal(at) {
		t.Errorf("updated conversation %+v", c)
	}
	if pos, err := s.Cursor(ctx(t), testCursor); err != nil || pos != msgID+100 {
		t.Errorf("cursor = %d, %v; want %d", pos, err, msgID+100)
	}
}

// testConversationModify covers the locked read-modify-write of a conversation.
func testConversationModify(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_modify").ID
	id := mustApply(t, s, 1, observe(acct, "o_m", 1, base, true))[0].ConversationID
	at := base.Add(time.Hour)
	c, err := s.ModifyConversation(ctx(t), id, func(c *inbox.Conversation) error {
		c.Status, c.AssigneeID, c.AssignedAt, c.WaitingSince, c.FirstResponseAt = inbox.StatusAssigned, 7, at, time.Time{}, at
		return nil
	})
	if err != nil || c.AssigneeID != 7 {
		t.Fatalf("ModifyConversation = %+v, %v", c, err)
	}
	got, err := s.Conversation(ctx(t), id)
	if err != nil || got.Status != inbox.StatusAssigned || got.AssigneeID != 7 || !got.AssignedAt.Equal(at) ||
		!got.WaitingSince.IsZero() || !got.FirstResponseAt.Equal(at) {
		t.Errorf("read back %+v, %v", got, err)
	}
	refused := errors.New("refused")
	if _, err := s.ModifyConversation(ctx(t), id, func(c *inbox.Conversation) error {
		c.AssigneeID = 9
		return refused
	}); !errors.Is(err, refused) {
		t.Errorf("fn error came back as %v", err)
	}
	if got, _ := s.Conversation(ctx(t), id); got.AssigneeID != 7 {
		t.Errorf("a refused change was written: assignee %d", got.AssigneeID)
	}
	t.Run("one live conversation per follower", func(t *testing.T) { checkReopenConflict(t, s, acct, id) })
	_, err = s.ModifyConversation(ctx(t), id+1000, func(*inbox.Conversation) error { return nil })
	wantCode(t, "modify unknown conversation", err, errs.NotFound)
	_, err = s.Conversation(ctx(t), id+1000)
	wantCode(t, "unknown conversation", err, errs.NotFound)
}

func checkReopenConflict(t *testing.T, s Store, acct, id int64) {
	closeConv := func(c *inbox.Conversation) error {
		c.Status, c.ClosedAt, c.ClosedBy = inbox.StatusClosed, base.Add(2*time.Hour), 7
		return nil
	}
	if _, err := s.ModifyConversation(ctx(t), id, closeConv); err != nil {
		t.Fatalf("close: %v", err)
	}
	touched := mustApply(t, s, 2, observe(acct, "o_m", 2, base.Add(3*time.Hour), true))
	if len(touched) != 1 || !touched[0].Opened || touched[0].ConversationID == id {
		t.Fatalf("a message after closing touched %+v, want a new conversation", touched)
	}
	_, err := s.ModifyConversation(ctx(t), id, func(c *inbox.Conversation) error {
		c.Status, c.ClosedAt = inbox.StatusOpen, time.Time{}
		return nil
	})
	wantCode(t, "reopen while another is live", err, errs.Conflict)
}

// testDeskSettings covers defaults and saving.
func testDeskSettings(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_settings").ID
	got, err := s.DeskSettings(ctx(t), acct)
	if err != nil || got != inbox.DefaultSettings(acct) {
		t.Fatalf("DeskSettings before saving = %+v, %v; want the defaults", got, err)
	}
	want := inbox.Settings{AccountID: acct, OpenOn: inbox.OpenOnAll, AutoAssign: false, DefaultCapacity: 3, UpdatedAt: base}
	for range 2 { // the second save replaces the first
		if err := s.SaveDeskSettings(ctx(t), want); err != nil {
			t.Fatalf("SaveDeskSettings: %v", err)
		}
	}
	if got, err := s.DeskSettings(ctx(t), acct); err != nil || got.OpenOn != want.OpenOn || got.AutoAssign ||
		got.DefaultCapacity != 3 || !got.UpdatedAt.Equal(base) {
		t.Errorf("DeskSettings = %+v, %v; want %+v", got, err, want)
	}
	want.AccountID = acct + 999
	wantCode(t, "settings of unknown account", s.SaveDeskSettings(ctx(t), want), errs.NotFound)
}

// testPresence covers agents' presence rows.
func testPresence(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_presence").ID
	other := mustAccount(t, s, "wx_presence2").ID
	wantCode(t, "touch without presence", s.TouchPresence(ctx(t), 5, acct, base), errs.NotFound)
	for _, p := range []inbox.Presence{
		{UserID: 5, AccountID: acct, Status: inbox.Online, LastSeen: base},
		{UserID: 6, AccountID: acct, Status: inbox.Away, LastSeen: base},
		{UserID: 5, AccountID: other, Status: inbox.Online, LastSeen: base.Add(-time.Hour)},
	} {
		if err := s.SetPresence(ctx(t), p); err != nil {
			t.Fatalf("SetPresence(%+v): %v", p, err)
		}
	}
	if err := s.MarkAssigned(ctx(t), 5, acct, base.Add(time.Second)); err != nil {
		t.Fatalf("MarkAssigned: %v", err)
	}
	if err := s.TouchPresence(ctx(t), 5, acct, base.Add(time.Minute)); err != nil {
		t.Fatalf("TouchPresence: %v", err)
	}
	// Setting the status again keeps when the agent was last assigned.
	if err := s.SetPresence(ctx(t), inbox.Presence{UserID: 5, AccountID: acct, Status: inbox.Online, LastSeen: base.Add(2 * time.Minute)}); err != nil {
		t.Fatalf("SetPresence: %v", err)
	}
	ps, err := s.Presences(ctx(t), acct)
	if err != nil || len(ps) != 2 {
		t.Fatalf("Presences = %+v, %v", ps, err)
	}
	if p := ps[0]; p.UserID != 5 || p.Status != inbox.Online || !p.LastSeen.Equal(base.Add(2*time.Minute)) ||
		!p.LastAssignedAt.Equal(base.Add(time.Second)) {
		t.Errorf("presence read back as %+v", p)
	}
	online, err := s.OnlineAccounts(ctx(t), base.Add(-time.Minute))
	if err != nil || len(online) != 1 || online[0] != acct {
		t.Errorf("OnlineAccounts = %v, %v; want [%d]", online, err, acct)
	}
	err = s.SetPresence(ctx(t), inbox.Presence{UserID: 5, AccountID: acct + 999, Status: inbox.Online, LastSeen: base})
	wantCode(t, "presence on unknown account", err, errs.NotFound)
}
