package inbox

import (
	"context"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Status is where a conversation stands in the service desk.
type Status string

// Conversation statuses. Open and assigned conversations are "live": a
// follower has at most one live conversation per account.
const (
	StatusOpen     Status = "open"     // waiting for an agent to take it
	StatusAssigned Status = "assigned" // an agent has it
	StatusClosed   Status = "closed"   // done; a new message opens a new one
)

// Conversation is one episode of a follower talking to the service desk:
// opened by a message the rules did not fully answer, closed by an agent.
type Conversation struct {
	ID              int64
	AccountID       int64
	OpenID          string
	Status          Status
	AssigneeID      int64 // 0: nobody
	OpenedAt        time.Time
	OpenedByMessage int64
	LastMessageID   int64
	LastMessageAt   time.Time
	LastText        string // the follower's last text, or "[image]"-style for other types
	// WaitingSince is the oldest user message no agent has answered yet;
	// zero when answered.
	WaitingSince    time.Time
	FirstResponseAt time.Time
	AssignedAt      time.Time
	ClosedAt        time.Time
	ClosedBy        int64
	Messages        int64 // user messages in this conversation
}

// Live reports whether the conversation is still open or assigned.
func (c *Conversation) Live() bool { return c.Status != StatusClosed }

// Waiting is how long the follower has been waiting for an answer at now
// (0 when answered).
func (c *Conversation) Waiting(now time.Time) time.Duration {
	if c.WaitingSince.IsZero() || !c.Live() {
		return 0
	}
	return max(now.Sub(c.WaitingSince), 0)
}

// QueueItem is one row of the live queue: the conversation and who it is with.
type QueueItem struct {
	Conversation
	Nickname string
	Remark   string
}

// QueueFilter selects the conversations of one queue tab. The zero Status
// means live (open or assigned).
type QueueFilter struct {
	AccountID  int64
	Status     Status
	AssigneeID int64  // only this agent's live conversations ("mine")
	Unassigned bool   // only live conversations nobody has
	After      string // QueuePage.Next of the previous page
	Limit      int    // default 50, at most 200
}

// QueuePage is one page of the queue. Live conversations come longest
// waiting first, then answered ones newest first; closed ones by closing
// time, newest first.
type QueuePage struct {
	Items []QueueItem
	Next  string // "" on the last page
}

// QueueCounts are the sizes of the queue tabs of one agent.
type QueueCounts struct {
	Unassigned int64 `json:"unassigned"`
	Mine       int64 `json:"mine"`
	Live       int64 `json:"live"`
}

// OpenOn says which user messages open a conversation.
type OpenOn string

// OpenOn choices.
const (
	OpenOnHandoff OpenOn = "handoff" // messages the rules did not fully answer
	OpenOnAll     OpenOn = "all"     // every user message
	OpenOnNever   OpenOn = "never"   // none: the desk only follows live ones
)

// Settings configure the desk of one account.
type Settings struct {
	AccountID       int64
	OpenOn          OpenOn
	AutoAssign      bool
	DefaultCapacity int // conversations per agent when the membership says none
	UpdatedAt       time.Time
}

// DefaultSettings are what an account's desk uses until someone changes them.
func DefaultSettings(accountID int64) Settings {
	return Settings{AccountID: accountID, OpenOn: OpenOnHandoff, AutoAssign: true, DefaultCapacity: 8}
}

// Observation is one user message as the projector hands it to the store:
// it updates the follower's live conversation, or opens one when Opens.
type Observation struct {
	MessageID int64
	AccountID int64
	OpenID    string
	At        time.Time
	Text      string
	Opens     bool
}

// Touched is a conversation an ApplyObservations call changed.
type Touched struct {
	ConversationID int64
	AccountID      int64
	Opened         bool
}

// PresenceStatus is whether an agent takes new conversations.
type PresenceStatus string

// Presence statuses.
const (
	Online  PresenceStatus = "online"
	Away    PresenceStatus = "away"
	Offline PresenceStatus = "offline"
)

// Presence is an agent's availability on one account.
type Presence struct {
	UserID         int64
	AccountID      int64
	Status         PresenceStatus
	LastSeen       time.Time
	LastAssignedAt time.Time
}

// WindowFacts are what the store knows about a follower's reply window:
// the triggers and the customer-service messages sent since.
type WindowFacts struct {
	Known         bool // the follower has pushed something
	Subscribed    bool
	LastMessageAt time.Time   // last user message
	LastEventAt   time.Time   // last follow, scan or menu click
	Sends         []time.Time // custom replies not failed, oldest first
}

// TimelinePage is one page of a follower's history as stored.
type TimelinePage struct {
	Messages []Message // newest first
	Replies  []Reply   // between the page's first message and the next page
	More     bool      // older messages exist
}

// DeskStore persists what the service desk needs beyond messages and
// replies. Missing rows are errs.NotFound.
type DeskStore interface {
	// Cursor returns a projector's position (0 when it has none).
	Cursor(ctx context.Context, name string) (int64, error)
	// MessagesAfter lists messages with id > afterID in id order, without Raw.
	MessagesAfter(ctx context.Context, afterID int64, limit int) ([]Message, error)
	// MessagesByID returns those of ids that exist, without Raw, in id order.
	MessagesByID(ctx context.Context, ids []int64) ([]Message, error)
	// ApplyObservations applies obs in order and moves the named cursor up to
	// position (never down) in one transaction.
	ApplyObservations(ctx context.Context, cursor string, position int64, obs []Observation) ([]Touched, error)

	Conversation(ctx context.Context, id int64) (*Conversation, error)
	LiveConversation(ctx context.Context, accountID int64, openID string) (*Conversation, error)
	// ModifyConversation runs fn on the conversation inside a write
	// transaction and stores what fn left; fn must not call the store. A
	// second live conversation of the follower is errs.Conflict.
	ModifyConversation(ctx context.Context, id int64, fn func(c *Conversation) error) (*Conversation, error)
	ListConversations(ctx context.Context, f QueueFilter) (QueuePage, error)
	CountQueue(ctx context.Context, accountID, userID int64) (QueueCounts, error)
	// AssigneeLoads counts the assigned conversations of each agent of the account.
	AssigneeLoads(ctx context.Context, accountID int64) (map[int64]int, error)

	SetPresence(ctx context.Context, p Presence) error
	// TouchPresence moves last_seen of an existing presence row (NotFound without one).
	TouchPresence(ctx context.Context, userID, accountID int64, at time.Time) error
	MarkAssigned(ctx context.Context, userID, accountID int64, at time.Time) error
	Presences(ctx context.Context, accountID int64) ([]Presence, error)
	// OnlineAccounts lists accounts with an agent online and seen since.
	OnlineAccounts(ctx context.Context, since time.Time) ([]int64, error)

	DeskSettings(ctx context.Context, accountID int64) (Settings, error) // defaults when never saved
	SaveDeskSettings(ctx context.Context, s Settings) error

	// WindowFacts loads a follower's window triggers and the custom replies
	// sent since since.
	WindowFacts(ctx context.Context, accountID int64, openID string, since time.Time) (WindowFacts, error)
	// TimelinePage lists limit messages with id < beforeID (0: the newest)
	// and the replies sent from the oldest of them up to the message beforeID.
	TimelinePage(ctx context.Context, accountID int64, openID string, beforeID int64, limit int) (TimelinePage, error)
}

// Validate checks settings before they are stored.
func (s Settings) Validate() error {
	switch {
	case s.OpenOn != OpenOnHandoff && s.OpenOn != OpenOnAll && s.OpenOn != OpenOnNever:
		return errs.Errorf(errs.Invalid, "open_on must be handoff, all or never (会话开启方式须为 handoff、all 或 never)")
	case s.DefaultCapacity < 0 || s.DefaultCapacity > 1000:
		return errs.Errorf(errs.Invalid, "default capacity must be between 0 and 1000 (默认接待上限须在 0 到 1000 之间)")
	}
	return nil
}
