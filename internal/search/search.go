// Package search finds any message a follower sent and any reply we sent,
// Chinese included, newest first: the desk's memory of every conversation.
// It parses what users type, merges follower messages and replies into one
// result list with keyset paging, and cuts highlighted snippets. The
// indexes themselves (FTS5 trigram plus a short-term index on SQLite,
// pg_trgm plus a gram array on PostgreSQL) live in sqlstore.
package search

import (
	"context"
	"fmt"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

// Kind tells a follower's message from one of our replies.
type Kind string

// Kinds of hit.
const (
	KindMessage Kind = "message"
	KindReply   Kind = "reply"
)

// Answered filters follower messages by whether they got a reply.
type Answered string

// Answered filter values.
const (
	AnsweredAny Answered = ""
	AnsweredYes Answered = "yes" // a reply reached the follower after the message
	AnsweredNo  Answered = "no"
)

// Filter narrows a search. AccountIDs is required: the accounts the user
// may see. Setting Answered searches follower messages only.
type Filter struct {
	AccountIDs []int64
	From, To   time.Time // received (or sent) in [From, To); zero = open
	Tag        string    // follower tag name; "" = any
	AgentID    int64     // messages of conversations assigned to, and replies sent by, this user; 0 = any
	Answered   Answered
}

// Validate refuses filters a page could not have produced.
func (f Filter) Validate() error {
	if f.Answered != AnsweredAny && f.Answered != AnsweredYes && f.Answered != AnsweredNo {
		return errs.Errorf(errs.Invalid, "answered must be yes, no or empty (“是否已回复”取值无效)")
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return errs.Errorf(errs.Invalid, "the start date must be before the end date (开始日期须早于结束日期)")
	}
	return nil
}

// Hit is one message or reply that matched.
type Hit struct {
	Kind      Kind
	ID        int64
	AccountID int64
	OpenID    string
	Nickname  string
	Remark    string
	MsgType   string
	Content   string
	At        time.Time // received (message) or sent (reply)
	// Replies only: the message answered, the agent or rule that sent it.
	MessageID   int64
	AgentID     int64
	RuleID      int64
	RuleVersion int64
	// ConversationID is the follower's latest conversation; 0 when none.
	ConversationID int64
	Snippet        []Fragment
}

// Store runs searches on the indexes. Both methods return at most limit
// hits with ID < before (before 0: no bound), newest (highest id) first.
type Store interface {
	SearchMessages(ctx context.Context, q Query, f Filter, before int64, limit int) ([]Hit, error)
	SearchReplies(ctx context.Context, q Query, f Filter, before int64, limit int) ([]Hit, error)
	// TagNames lists the names of the accounts' follower tags, for the
	// tag filter.
	TagNames(ctx context.Context, accountIDs []int64) ([]string, error)
}

// Request is one page of a search.
type Request struct {
	Query  Query
	Filter Filter
	Cursor string // Page.Next of the previous page; "" for the first
	Limit  int    // default DefaultLimit, at most MaxLimit
}

// Page is one page of results.
type Page struct {
	Hits []Hit
	Next string // cursor of the next page; "" on the last
}

// Page sizes.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// Search returns one page of hits, newest first, follower messages and
// replies interleaved by time, each with its snippet.
func Search(ctx context.Context, s Store, req Request) (Page, error) {
	if err := req.Filter.Validate(); err != nil {
		return Page{}, err
	}
	cur, err := ParseCursor(req.Cursor)
	if err != nil {
		return Page{}, err
	}
	if req.Query.Empty() || len(req.Filter.AccountIDs) == 0 {
		return Page{}, nil
	}
	limit := req.Limit
	if limit <= 0 || limit > MaxLimit {
		limit = min(max(limit, DefaultLimit), MaxLimit)
	}
	if req.Filter.Answered != AnsweredAny {
		cur.Replies = done // answered is about follower messages
	}
	msgs, err := fetch(ctx, s.SearchMessages, req, cur.Messages, limit)
	if err != nil {
		return Page{}, err
	}
	replies, err := fetch(ctx, s.SearchReplies, req, cur.Replies, limit)
	if err != nil {
		return Page{}, err
	}
	page := merge(msgs, replies, cur, limit)
	for i := range page.Hits {
		page.Hits[i].Snippet = Snippet(page.Hits[i].Content, req.Query, SnippetRunes)
	}
	return page, nil
}

type searchFunc func(ctx context.Context, q Query, f Filter, before int64, limit int) ([]Hit, error)

func fetch(ctx context.Context, fn searchFunc, req Request, before int64, limit int) ([]Hit, error) {
	if before == done {
		return nil, nil
	}
	hits, err := fn(ctx, req.Query, req.Filter, before, limit)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return hits, nil
}

// merge interleaves the two newest-first lists by time, keeps limit hits
// and works out where each list resumes.
func merge(msgs, replies []Hit, cur Cursor, limit int) Page {
	var page Page
	i, j := 0, 0
	for len(page.Hits) < limit && (i < len(msgs) || j < len(replies)) {
		if j == len(replies) || i < len(msgs) && !msgs[i].At.Before(replies[j].At) {
			page.Hits = append(page.Hits, msgs[i])
			i++
		} else {
			page.Hits = append(page.Hits, replies[j])
			j++
		}
	}
	next := Cursor{Messages: resume(msgs, i, cur.Messages, limit), Replies: resume(replies, j, cur.Replies, limit)}
	if next.Messages != done || next.Replies != done {
		page.Next = next.String()
	}
	return page
}

// resume is a list's position after taking its first n of hits.
func resume(hits []Hit, n int, before int64, limit int) int64 {
	switch {
	case before == done, n == len(hits) && len(hits) < limit:
		return done
	case n > 0:
		return hits[n-1].ID
	}
	return before
}
