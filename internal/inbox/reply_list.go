package inbox

import (
	"context"
	"time"
)

// ReplyFilter selects stored replies for the API and for audits of what a
// rule or an agent sent. Zero fields match everything but AccountID.
type ReplyFilter struct {
	AccountID   int64
	RuleID      int64
	RuleVersion int64
	AgentID     int64
	OpenID      string
	From, To    time.Time // created_at in [From, To)
	BeforeID    int64     // paging: replies with a smaller id
	Limit       int       // default 50, at most 500
}

// ReplyLister lists replies newest first.
type ReplyLister interface {
	ListReplies(ctx context.Context, f ReplyFilter) ([]Reply, error)
}
