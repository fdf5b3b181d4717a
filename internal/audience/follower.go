// Package audience knows the followers of each account: who they are, where
// they came from and how their relationship with the account evolves.
package audience

import (
	"context"
	"time"
)

// Follower is one user (OpenID) as seen by one account.
type Follower struct {
	AccountID       int64
	OpenID          string
	Subscribed      bool
	SubscribeScene  string // subscribe_scene from user/info, or "qr" / "" from events
	QRScene         string // scene from qrscene_… or SCAN, the source channel
	Nickname        string
	Remark          string
	Language        string
	UnionID         string
	FirstSeenAt     time.Time
	SubscribedAt    time.Time // last subscribe
	UnsubscribedAt  time.Time // last unsubscribe; zero if never
	LastMessageAt   time.Time // last ordinary message; opens the 48 h window
	LastInteraction time.Time // last message or event of any kind
	Interactions    int64
}

// Change is what one inbound push tells us about its sender. The gateway
// derives it and the store applies it in the same transaction as the message.
type Change struct {
	OpenID      string
	At          time.Time
	Subscribe   bool   // a subscribe event
	Unsubscribe bool   // an unsubscribe event
	QRScene     string // scene of a QR subscribe or SCAN
	Message     bool   // an ordinary user message (opens the 48 h window)
}

// Store reads followers.
type Store interface {
	Follower(ctx context.Context, accountID int64, openID string) (*Follower, error)
	CountFollowers(ctx context.Context, accountID int64, subscribedOnly bool) (int64, error)
}
