// Package live is fanbase's in-process publish/subscribe for live updates:
// the gateway, the desk and bulk jobs publish, and the web app streams what
// an account's subscribers should redraw (over SSE). It never blocks a
// publisher: a subscriber that falls behind loses events, not the callback.
package live

import "sync"

// Event tells subscribers of an account that something changed.
type Event struct {
	AccountID int64
	Kind      string // "message", "conversation", "bulk", …
	Data      string // e.g. an openid or an id; small and not secret
}

// subscriberBuffer is how many events a slow subscriber may lag before
// events are dropped for it; pages reload whole lists, so a drop is harmless.
const subscriberBuffer = 512

// Hub fans events out to subscribers of each account.
type Hub struct {
	mu   sync.RWMutex
	subs map[int64]map[*subscriber]struct{}
}

type subscriber struct {
	ch chan Event
}

// NewHub returns an empty hub.
func NewHub() *Hub {
	return &Hub{subs: make(map[int64]map[*subscriber]struct{})}
}

// Publish delivers e to every subscriber of its account without waiting.
func (h *Hub) Publish(e Event) {
	h.mu.RLock()
	defer h.mu.RUnlock()
	for s := range h.subs[e.AccountID] {
		select {
		case s.ch <- e:
		default: // the subscriber lags: drop rather than stall the publisher
		}
	}
}

// PublishKind is Publish for callers that only know plain values (the
// desk's and bulk jobs' Publisher interfaces).
func (h *Hub) PublishKind(accountID int64, kind, data string) {
	h.Publish(Event{AccountID: accountID, Kind: kind, Data: data})
}

// Subscribe returns the account's events and a cancel func that must be
// called when the subscriber leaves.
func (h *Hub) Subscribe(accountID int64) (<-chan Event, func()) {
	s := &subscriber{ch: make(chan Event, subscriberBuffer)}
	h.mu.Lock()
	if h.subs[accountID] == nil {
		h.subs[accountID] = make(map[*subscriber]struct{})
	}
	h.subs[accountID][s] = struct{}{}
	h.mu.Unlock()
	var once sync.Once
	return s.ch, func() {
		once.Do(func() {
			h.mu.Lock()
			delete(h.subs[accountID], s)
			if len(h.subs[accountID]) == 0 {
				delete(h.subs, accountID)
			}
			h.mu.Unlock()
		})
	}
}

// Subscribers counts an account's current subscribers (for metrics and tests).
func (h *Hub) Subscribers(accountID int64) int {
	h.mu.RLock()
	defer h.mu.RUnlock()
	return len(h.subs[accountID])
}
