package storetest

import (
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// testFollowers walks one follower through subscribe (via a QR code),
// message, unsubscribe, refollow and scan, checking the row after each push.
func testFollowers(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_audience").ID
	at := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	steps := []struct {
		name string
		push inbox.Inbound
		want audience.Follower
	}{
		{"subscribe with qrscene", event(acct, "o_fan", "subscribe", "qrscene_promo", at(1)), audience.Follower{
			Subscribed: true, SubscribeScene: "qr", QRScene: "promo", FirstSeenAt: at(1), SubscribedAt: at(1),
			LastInteraction: at(1), Interactions: 1}},
		{"message", text(acct, "o_fan", 1, "hello", at(2)), audience.Follower{
			Subscribed: true, SubscribeScene: "qr", QRScene: "promo", FirstSeenAt: at(1), SubscribedAt: at(1),
			LastMessageAt: at(2), LastInteraction: at(2), Interactions: 2}},
		{"unsubscribe", event(acct, "o_fan", "unsubscribe", "", at(3)), audience.Follower{
			Subscribed: false, SubscribeScene: "qr", QRScene: "promo", FirstSeenAt: at(1), SubscribedAt: at(1),
			UnsubscribedAt: at(3), LastMessageAt: at(2), LastInteraction: at(3), Interactions: 3}},
		{"refollow without scene", event(acct, "o_fan", "subscribe", "", at(4)), audience.Follower{
			Subscribed: true, SubscribeScene: "", QRScene: "promo", FirstSeenAt: at(1), SubscribedAt: at(4),
			UnsubscribedAt: at(3), LastMessageAt: at(2), LastInteraction: at(4), Interactions: 4}},
		{"scan keeps the source channel", event(acct, "o_fan", "SCAN", "other", at(5)), audience.Follower{
			Subscribed: true, SubscribeScene: "", QRScene: "promo", FirstSeenAt: at(1), SubscribedAt: at(4),
			UnsubscribedAt: at(3), LastMessageAt: at(2), LastInteraction: at(5), Interactions: 5}},
		{"refollow through another qr code", event(acct, "o_fan", "subscribe", "qrscene_shop", at(6)), audience.Follower{
			Subscribed: true, SubscribeScene: "qr", QRScene: "shop", FirstSeenAt: at(1), SubscribedAt: at(6),
			UnsubscribedAt: at(3), LastMessageAt: at(2), LastInteraction: at(6), Interactions: 6}},
		{"first seen by a message", text(acct, "o_old", 2, "我是老粉", at(7)), audience.Follower{
			Subscribed: true, FirstSeenAt: at(7), LastMessageAt: at(7), LastInteraction: at(7), Interactions: 1}},
		{"first seen by scan", event(acct, "o_scan", "SCAN", "desk", at(8)), audience.Follower{
			Subscribed: true, QRScene: "desk", FirstSeenAt: at(8), LastInteraction: at(8), Interactions: 1}},
		{"first seen by unsubscribe", event(acct, "o_gone", "unsubscribe", "", at(9)), audience.Follower{
			Subscribed: false, FirstSeenAt: at(9), UnsubscribedAt: at(9), LastInteraction: at(9), Interactions: 1}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			mustCommit(t, s, st.push)
			st.want.AccountID, st.want.OpenID = acct, st.push.Message.OpenID
			checkFollower(t, s, st.want)
		})
	}
	t.Run("duplicate push changes nothing", func(t *testing.T) {
		if out := mustCommit(t, s, text(acct, "o_old", 2, "我是老粉", at(10))); !out[0].Duplicate {
			t.Fatalf("retry stored as new: %+v", out[0])
		}
		want := steps[6].want
		want.AccountID, want.OpenID = acct, "o_old"
		checkFollower(t, s, want)
	})
	t.Run("counts", func(t *testing.T) { checkFollowerCounts(t, s, acct) })
	t.Run("one batch, pushes in order", func(t *testing.T) { testFollowerBatch(t, s) })
}

// testFollowerBatch commits several pushes of the same followers in one
// batch, interleaved: each follower's pushes apply in batch order.
func testFollowerBatch(t *testing.T, s Store) {
	acct := mustAccount(t, s, "wx_audience_batch").ID
	at := func(sec int) time.Time { return base.Add(time.Duration(sec) * time.Second) }
	mustCommit(t, s,
		event(acct, "o_z", "subscribe", "qrscene_a", at(1)),
		event(acct, "o_y", "subscribe", "", at(1)),
		text(acct, "o_z", 1, "hi", at(2)),
		event(acct, "o_z", "unsubscribe", "", at(3)),
		text(acct, "o_y", 2, "yo", at(4)),
		event(acct, "o_z", "subscribe", "qrscene_b", at(5)),
	)
	checkFollower(t, s, audience.Follower{AccountID: acct, OpenID: "o_z", Subscribed: true, SubscribeScene: "qr",
		QRScene: "b", FirstSeenAt: at(1), SubscribedAt: at(5), UnsubscribedAt: at(3), LastMessageAt: at(2),
		LastInteraction: at(5), Interactions: 4})
	checkFollower(t, s, audience.Follower{AccountID: acct, OpenID: "o_y", Subscribed: true, FirstSeenAt: at(1),
		SubscribedAt: at(1), LastMessageAt: at(4), LastInteraction: at(4), Interactions: 2})
}

func checkFollower(t *testing.T, s Store, want audience.Follower) {
	t.Helper()
	got, err := s.Follower(ctx(t), want.AccountID, want.OpenID)
	if err != nil {
		t.Fatalf("Follower(%s): %v", want.OpenID, err)
	}
	times := [][2]time.Time{{got.FirstSeenAt, want.FirstSeenAt}, {got.SubscribedAt, want.SubscribedAt},
		{got.UnsubscribedAt, want.UnsubscribedAt}, {got.LastMessageAt, want.LastMessageAt},
		{got.LastInteraction, want.LastInteraction}}
	for i, p := range times {
		if !p[0].Equal(p[1]) {
			t.Errorf("time field %d = %v, want %v", i, p[0], p[1])
		}
	}
	g := *got
	g.FirstSeenAt, g.SubscribedAt, g.UnsubscribedAt, g.LastMessageAt, g.LastInteraction =
		want.FirstSeenAt, want.SubscribedAt, want.UnsubscribedAt, want.LastMessageAt, want.LastInteraction
	if g != want {
		t.Errorf("follower = %+v\nwant       %+v", g, want)
	}
}

func checkFollowerCounts(t *testing.T, s Store, acct int64) {
	all, err := s.CountFollowers(ctx(t), acct, false)
	if err != nil || all != 4 {
		t.Errorf("CountFollowers(all) = %d, %v; want 4", all, err)
	}
	subscribed, err := s.CountFollowers(ctx(t), acct, true)
	if err != nil || subscribed != 3 {
		t.Errorf("CountFollowers(subscribed) = %d, %v; want 3", subscribed, err)
	}
	_, err = s.Follower(ctx(t), acct, "o_nobody")
	wantCode(t, "unknown follower", err, errs.NotFound)
	mustCounts(t, s, acct, inbox.Counts{Messages: 2, Events: 7, Replies: 2, Followers: 4, Subscribed: 3})
}
