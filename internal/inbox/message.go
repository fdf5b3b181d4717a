// Package inbox keeps every message exchanged with followers: what they sent,
// what we answered and why, so nothing is lost and every reply is explainable.
package inbox

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/audience"
)

// Kind separates ordinary messages from events in the store and in counts.
type Kind string

// Kinds of inbound push.
const (
	KindMessage Kind = "message"
	KindEvent   Kind = "event"
)

// Message is one stored inbound push.
type Message struct {
	ID         int64
	AccountID  int64
	OpenID     string
	Kind       Kind
	MsgType    string
	Event      string
	EventKey   string
	MsgID      int64  // WeChat MsgId; 0 for events
	DedupeKey  string // unique per account: WeChat retries collapse onto it
	Content    string // searchable text: Content, Recognition, Label, Title…
	Raw        []byte // exact plaintext XML
	CreateTime time.Time
	ReceivedAt time.Time
	// Handoff: the rules did not fully answer it (no rule, the default rule,
	// or a rule that asks for a person), so the service desk should.
	Handoff bool
}

// Channel is how a reply travelled.
type Channel string

// Reply channels.
const (
	ChannelPassive Channel = "passive" // in the HTTP answer to the push
	ChannelCustom  Channel = "custom"  // through the customer-service API
)

// Source explains what produced a reply (invariant: every reply is explainable).
type Source struct {
	RuleID      int64 `json:"rule_id,omitempty"`
	RuleVersion int64 `json:"rule_version,omitempty"`
	AgentID     int64 `json:"agent_id,omitempty"`
	BroadcastID int64 `json:"broadcast_id,omitempty"`
	CampaignID  int64 `json:"campaign_id,omitempty"`
}

// Reply is one stored outgoing message.
type Reply struct {
	ID        int64
	AccountID int64
	MessageID int64 // the inbound message it answers; 0 if none
	OpenID    string
	Channel   Channel
	MsgType   string
	Content   string // searchable text
	Body      []byte // passive: the plaintext reply XML as answered; custom: the API request JSON
	Source    Source
	Status    string // "sent", "pending", "failed"
	Error     string
	CreatedAt time.Time
}

// Inbound is what the gateway commits for one push: the message, the reply it
// will answer with (if any) and what the push says about the follower.
type Inbound struct {
	Message  Message
	Reply    *Reply
	Follower audience.Change
}

// Committed is the outcome of committing one Inbound.
type Committed struct {
	MessageID int64
	Duplicate bool   // the dedupe key was already stored: a WeChat retry
	Reply     *Reply // the stored reply (for a duplicate: the one answered the first time)
}

// Counts are stored totals for one account.
type Counts struct {
	Messages  int64 `json:"messages"`
	Events    int64 `json:"events"`
	Replies   int64 `json:"replies"`
	Followers int64 `json:"followers"`
	// Subscribed counts followers currently following.
	Subscribed int64 `json:"subscribed"`
}

// Store persists messages and replies.
type Store interface {
	// CommitInbound stores a batch in one transaction and reports, per item
	// and in order, whether it was new or a duplicate. Items of one batch
	// may share a dedupe key: the first wins, the rest are duplicates of it.
	CommitInbound(ctx context.Context, batch []Inbound) ([]Committed, error)
	// AddReply stores a reply sent outside the passive path.
	AddReply(ctx context.Context, r *Reply) error
	UpdateReplyStatus(ctx context.Context, id int64, status, errMsg string) error
	Counts(ctx context.Context, accountID int64) (Counts, error)
	// Messages lists a follower's messages, newest first.
	MessagesByFollower(ctx context.Context, accountID int64, openID string, limit int) ([]Message, error)
	RepliesByMessage(ctx context.Context, messageID int64) ([]Reply, error)
	// MessageByDedupeKey finds a stored push by its dedupe key.
	MessageByDedupeKey(ctx context.Context, accountID int64, key string) (*Message, error)
	// PurgeBefore deletes messages and replies older than t (retention).
	PurgeBefore(ctx context.Context, accountID int64, t time.Time) (int64, error)
}
