package inbox

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"
)

// DefaultTimelineLimit is the page size of a timeline when none is asked.
const DefaultTimelineLimit = 50

// TimelineItem is one entry of a follower's history: a message or event
// they sent, or a reply to them (whose Source says what produced it).
type TimelineItem struct {
	At      time.Time
	Message *Message // set for what the follower sent
	Reply   *Reply   // set for what was sent to them
}

// Timeline is one page of a follower's history, oldest first.
type Timeline struct {
	Items []TimelineItem
	// Before is the beforeID of the next older page; 0 when this is the oldest.
	Before int64
}

// Timeline returns a page of the follower's messages and replies merged in
// time order: limit messages older than the message beforeID (0: the
// newest), with the replies sent among them.
func (d *Desk) Timeline(ctx context.Context, accountID int64, openID string, beforeID int64, limit int) (Timeline, error) {
	if limit <= 0 || limit > 500 {
		limit = DefaultTimelineLimit
	}
	p, err := d.store.TimelinePage(ctx, accountID, openID, beforeID, limit)
	if err != nil {
		return Timeline{}, fmt.Errorf("inbox: timeline of %s: %w", openID, err)
	}
	t := Timeline{Items: MergeTimeline(p)}
	if p.More && len(p.Messages) > 0 {
		t.Before = p.Messages[len(p.Messages)-1].ID
	}
	return t, nil
}

// MergeTimeline orders a stored page by time; a message comes before the
// replies made at the same instant (a passive reply shares its message's time).
func MergeTimeline(p TimelinePage) []TimelineItem {
	items := make([]TimelineItem, 0, len(p.Messages)+len(p.Replies))
	for i := range p.Messages {
		m := &p.Messages[i]
		items = append(items, TimelineItem{At: m.ReceivedAt, Message: m})
	}
	for i := range p.Replies {
		r := &p.Replies[i]
		items = append(items, TimelineItem{At: r.CreatedAt, Reply: r})
	}
	slices.SortStableFunc(items, func(a, b TimelineItem) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rank(), b.rank()); c != 0 {
			return c
		}
		return cmp.Compare(a.id(), b.id())
	})
	return items
}

func (it TimelineItem) rank() int {
	if it.Message != nil {
		return 0
	}
	return 1
}

func (it TimelineItem) id() int64 {
	if it.Message != nil {
		return it.Message.ID
	}
	return it.Reply.ID
}
