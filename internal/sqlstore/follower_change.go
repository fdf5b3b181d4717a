package sqlstore

import (
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
)

// followerChange is one audience.Change resolved into the columns of the
// follower upsert. Only a subscribe carries subAt and only an unsubscribe
// unsubAt, which is how the upsert's UPDATE tells the kinds of push apart.
type followerChange struct {
	accountID  int64
	openID     string
	subscribed bool // for a follower first seen by this push
	scene      string
	qrScene    string
	at         time.Time
	subAt      time.Time
	unsubAt    time.Time
	msgAt      time.Time
}

// changeOf resolves the follower change of a new push; ok is false when the
// push names no follower.
func changeOf(in *inbox.Inbound) (followerChange, bool) {
	ch, m := in.Follower, &in.Message
	if ch.OpenID == "" {
		ch.OpenID = m.OpenID
	}
	if ch.At.IsZero() {
		ch.At = m.ReceivedAt
	}
	fc := followerChange{accountID: m.AccountID, openID: ch.OpenID, subscribed: !ch.Unsubscribe,
		qrScene: ch.QRScene, at: ch.At}
	if ch.Subscribe {
		fc.subAt = ch.At
		if ch.QRScene != "" {
			fc.scene = "qr"
		}
	}
	if ch.Unsubscribe {
		fc.unsubAt = ch.At
	}
	if ch.Message {
		fc.msgAt = ch.At
	}
	return fc, ch.OpenID != ""
}

// args binds the change to the upsert's nine parameters.
func (fc followerChange) args(d dialect) []any {
	return []any{fc.accountID, fc.openID, fc.subscribed, fc.scene, fc.qrScene,
		d.ts(fc.at), d.nullTS(fc.subAt), d.nullTS(fc.unsubAt), d.nullTS(fc.msgAt)}
}

// followerRounds splits changes sorted by follower into rounds in which each
// follower appears at most once (a set-based upsert may not touch a row
// twice); round r holds every follower's r-th push, so order is kept.
func followerRounds(changes []followerChange) [][]followerChange {
	var rounds [][]followerChange
	for i := 0; i < len(changes); {
		j := i
		for j < len(changes) && changes[j].accountID == changes[i].accountID && changes[j].openID == changes[i].openID {
			if len(rounds) <= j-i {
				rounds = append(rounds, nil)
			}
			rounds[j-i] = append(rounds[j-i], changes[j])
			j++
		}
		i = j
	}
	return rounds
}
