package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// testReplies covers replies outside the passive path and follower history.
func testReplies(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_replies").ID
	var ids []int64
	for i := range 3 {
		out := mustCommit(t, s, text(acct, "o_hist", int64(100+i), "msg", base.Add(time.Duration(i)*time.Second)))
		ids = append(ids, out[0].MessageID)
	}
	custom := &inbox.Reply{AccountID: acct, MessageID: ids[0], OpenID: "o_hist", MsgType: "text",
		Content: "客服回复", Body: []byte(`{"touser":"o_hist"}`), Source: inbox.Source{AgentID: 42}, Status: "pending"}
	if err := s.AddReply(ctx(t), custom); err != nil || custom.ID == 0 || custom.Channel != inbox.ChannelCustom {
		t.Fatalf("AddReply = %v, reply %+v", err, custom)
	}
	if err := s.UpdateReplyStatus(ctx(t), custom.ID, "failed", "errcode 45015"); err != nil {
		t.Fatalf("UpdateReplyStatus: %v", err)
	}
	t.Run("replies in order", func(t *testing.T) {
		replies, err := s.RepliesByMessage(ctx(t), ids[0])
		if err != nil || len(replies) != 2 {
			t.Fatalf("RepliesByMessage = %v, %v; want 2", replies, err)
		}
		got := replies[1]
		if got.ID != custom.ID || got.Status != "failed" || got.Error != "errcode 45015" ||
			got.Source.AgentID != 42 || got.Channel != inbox.ChannelCustom || !bytes.Equal(got.Body, custom.Body) {
			t.Errorf("custom reply read back as %+v", got)
		}
	})
	t.Run("retry still gets the passive reply", func(t *testing.T) {
		out := mustCommit(t, s, text(acct, "o_hist", 100, "msg", base))[0]
		if out.Reply == nil || out.Reply.Channel != inbox.ChannelPassive {
			t.Errorf("retry got %+v, want the passive reply", out.Reply)
		}
	})
	t.Run("history newest first", func(t *testing.T) { checkHistory(t, s, acct, ids) })
	t.Run("errors", func(t *testing.T) {
		wantCode(t, "update unknown reply", s.UpdateReplyStatus(ctx(t), custom.ID+1000, "sent", ""), errs.NotFound)
		wantCode(t, "reply for unknown account", s.AddReply(ctx(t), &inbox.Reply{AccountID: acct + 999, OpenID: "o"}), errs.NotFound)
	})
}

func checkHistory(t *testing.T, s Store, acct int64, ids []int64) {
	tests := []struct {
		limit int
		want  []int64
	}{
		{0, []int64{ids[2], ids[1], ids[0]}},
		{2, []int64{ids[2], ids[1]}},
	}
	for _, tc := range tests {
		msgs, err := s.MessagesByFollower(ctx(t), acct, "o_hist", tc.limit)
		if err != nil || len(msgs) != len(tc.want) {
			t.Fatalf("MessagesByFollower(limit %d) = %d messages, %v; want %d", tc.limit, len(msgs), err, len(tc.want))
		}
		for i, m := range msgs {
			if m.ID != tc.want[i] {
				t.Errorf("limit %d: message %d has id %d, want %d", tc.limit, i, m.ID, tc.want[i])
			}
		}
	}
	if msgs, err := s.MessagesByFollower(ctx(t), acct, "o_stranger", 10); err != nil || len(msgs) != 0 {
		t.Errorf("history of a stranger = %v, %v; want none", msgs, err)
	}
}
