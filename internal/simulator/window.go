package simulator

import "time"

// windowKind names one customer-service allowance (protocol.md §5.2).
type windowKind int

const (
	msgWindow   windowKind = iota // a user message: 5 messages within 48 h
	eventWindow                   // follow, scan or menu click: 3 messages within 1 minute
	windowKinds
)

// windowRules are WeChat's current allowances per trigger.
var windowRules = [windowKinds]struct {
	limit int
	ttl   time.Duration
}{
	msgWindow:   {limit: 5, ttl: 48 * time.Hour},
	eventWindow: {limit: 3, ttl: time.Minute},
}

// window is one allowance: opened by a user action, spent by sends. A newer
// action of the same kind starts a fresh allowance.
type window struct {
	open   bool
	opened time.Time
	used   int
}

func (f *follower) open(k windowKind, now time.Time) {
	f.windows[k] = window{open: true, opened: now}
}

// live reports whether the window is still valid at now.
func (w window) live(k windowKind, now time.Time) bool {
	return w.open && now.Before(w.opened.Add(windowRules[k].ttl))
}

// spend takes one customer-service message from the allowance that expires
// first and still has room, and returns WeChat's errcode when there is none:
// 45015 when no window is open (or the user unsubscribed), 45047 when the
// open ones are used up.
func (f *follower) spend(now time.Time) int {
	if !f.Subscribed {
		return ErrOutOfWindow
	}
	best, anyLive := windowKind(-1), false
	for k := range windowKinds {
		w := f.windows[k]
		if !w.live(k, now) {
			continue
		}
		anyLive = true
		if w.used < windowRules[k].limit && (best < 0 || f.expires(k).Before(f.expires(best))) {
			best = k
		}
	}
	switch {
	case best >= 0:
		f.windows[best].used++
		return 0
	case anyLive:
		return ErrOverCount
	}
	return ErrOutOfWindow
}

func (f *follower) expires(k windowKind) time.Time {
	return f.windows[k].opened.Add(windowRules[k].ttl)
}
