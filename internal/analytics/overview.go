package analytics

import (
	"context"
	"fmt"
	"time"
)

// Scope is one account of an overview, with its own time zone.
type Scope struct {
	AccountID int64
	Loc       *time.Location
}

// Card is one account's line of the overview: today in the account's own
// time zone, and its service desk now.
type Card struct {
	AccountID int64
	Followers int64
	Today     Day
	Queue     Queue
}

// Overview is the home page: every account the user may see, combined
// (dates of Asia/Shanghai; each account's counts are filed under its own
// local dates), and a card for each.
type Overview struct {
	Combined *Dashboard
	Cards    []Card // in the order of the scopes
}

// Overview reports on several accounts at once over days whole days,
// reading each kind of row once for all of them.
func (s *Service) Overview(ctx context.Context, scopes []Scope, days int, now time.Time) (*Overview, error) {
	s.refresh(ctx)
	p := Period{Loc: DefaultLocation(), Days: days, Now: now}.normalize()
	ids := make([]int64, len(scopes))
	from, to := p.First(), p.Last()
	for i, sc := range scopes {
		ids[i] = sc.AccountID
		// An account west of Shanghai may still be on yesterday.
		from, to = min(from, todayOf(sc, p.Now).Last()), max(to, todayOf(sc, p.Now).Last())
	}
	l, err := s.load(ctx, ids, from, to, false)
	if err != nil {
		return nil, err
	}
	if l.hours, err = s.store.InteractionHours(ctx, ids, p.First(), p.Last()); err != nil {
		return nil, fmt.Errorf("analytics: hours: %w", err)
	}
	o := &Overview{Combined: l.dashboard(p, 0, nil)}
	for _, sc := range scopes {
		d := l.dashboard(todayOf(sc, p.Now), 0, func(id int64) bool { return id == sc.AccountID })
		d.Hours = [24]int64{}
		o.Cards = append(o.Cards, Card{AccountID: sc.AccountID, Followers: d.Followers, Today: d.Today(), Queue: d.Queue})
	}
	return o, nil
}

func todayOf(sc Scope, now time.Time) Period {
	return Period{Loc: sc.Loc, Days: 1, Now: now}.normalize()
}
