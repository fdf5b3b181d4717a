package analytics

import (
	"context"
	"time"
)

// Store reads the rollups and the conversations, and maintains the rollups.
type Store interface {
	// ProjectAnalytics folds up to limit new messages and up to limit new
	// replies into the rollups, filing each under its account's local date
	// and hour. The counts and the cursors that say how far it got move in
	// one transaction, so a crash neither loses nor doubles a count, and
	// several nodes may run it at once.
	ProjectAnalytics(ctx context.Context, limit int) (Progress, error)
	// AnalyticsBehind reports whether messages or replies were stored that
	// the rollups do not count yet. It only reads.
	AnalyticsBehind(ctx context.Context) (bool, error)

	// DayCounts returns the accounts' message rollups for dates [from, to].
	DayCounts(ctx context.Context, accountIDs []int64, from, to Date) ([]DayCount, error)
	// InteractionHours sums the accounts' interactions per local hour of
	// day over dates [from, to].
	InteractionHours(ctx context.Context, accountIDs []int64, from, to Date) ([24]int64, error)
	// ReplyCounts returns the accounts' reply rollups for dates [from, to].
	ReplyCounts(ctx context.Context, accountIDs []int64, from, to Date) ([]ReplyCount, error)
	// SubscribedCounts counts each account's followers following now.
	SubscribedCounts(ctx context.Context, accountIDs []int64) (map[int64]int64, error)

	// OpenConversations counts the live (not closed) conversations per
	// account and assignee (0: nobody), and how many wait for an answer.
	OpenConversations(ctx context.Context, accountIDs []int64) ([]OpenCount, error)
	// WaitingSince lists when each waiting live conversation started waiting.
	WaitingSince(ctx context.Context, accountIDs []int64) ([]Waiting, error)
	// FirstResponses lists the conversations of the account with an
	// assignee whose first response falls in [from, to).
	FirstResponses(ctx context.Context, accountID int64, from, to time.Time) ([]FirstResponse, error)
	// ClosedConversations lists who closed the account's conversations
	// closed in [from, to), and when.
	ClosedConversations(ctx context.Context, accountID int64, from, to time.Time) ([]Closed, error)
}

// Progress is what one ProjectAnalytics call folded in.
type Progress struct {
	Messages int // messages counted
	Replies  int // replies counted
	// CaughtUp: nothing more can be folded in right now.
	CaughtUp bool
}

// DayCount is one row of the message rollups.
type DayCount struct {
	AccountID int64
	Date      Date
	Metric    Metric
	N         int64
}

// ReplyCount is one row of the reply rollups: replies sent on one date by
// one rule version, one agent, or neither (a broadcast, a campaign, the API).
type ReplyCount struct {
	AccountID   int64
	Date        Date
	RuleID      int64
	RuleVersion int64
	AgentID     int64
	N           int64
}

// OpenCount counts live conversations of one account and assignee.
type OpenCount struct {
	AccountID  int64
	AssigneeID int64 // 0: unassigned
	Open       int64
	Waiting    int64 // of which wait for an answer (waiting_since is set)
}

// Waiting is one live conversation waiting for an answer.
type Waiting struct {
	AccountID int64
	Since     time.Time
}

// FirstResponse is one conversation's first answer by its assignee.
type FirstResponse struct {
	AgentID     int64
	OpenedAt    time.Time
	RespondedAt time.Time
}

// Closed is one conversation closed by an agent.
type Closed struct {
	AgentID int64
	At      time.Time
}
