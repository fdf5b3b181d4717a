package user

import (
	"strings"
	"sync"
	"time"
)

// Login throttling: after maxFailures wrong passwords for one login within
// failureWindow, further attempts for that login are refused until the
// oldest failure leaves the window.
//
// The limiter lives in memory, per process: a restart forgets it, and with
// several nodes each node counts on its own (so an attacker gets at most
// maxFailures tries per node per window). That is enough to stop password
// guessing through the login form; it is not an account lockout.
const (
	maxFailures   = 5
	failureWindow = 15 * time.Minute
	// limiterPrune is the map size above which expired entries are swept,
	// so logins that never existed cannot grow it without bound.
	limiterPrune = 1024
)

// loginLimiter counts recent failed logins per login key.
type loginLimiter struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

// attempt reserves a try for the login, counted as a failure until succeed
// or undo says otherwise, so concurrent guesses cannot slip past the limit
// together. It returns how long the login stays locked; 0 means go ahead.
func (l *loginLimiter) attempt(login string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failures == nil {
		l.failures = make(map[string][]time.Time)
	}
	key := strings.ToLower(login)
	recent := l.recent(key, now)
	if len(recent) >= maxFailures {
		return recent[len(recent)-maxFailures].Add(failureWindow).Sub(now)
	}
	l.failures[key] = append(recent, now)
	if len(l.failures) > limiterPrune {
		for k := range l.failures {
			l.recent(k, now)
		}
	}
	return 0
}

// undo takes back the try reserved at t, for attempts that failed for a
// reason other than the password (e.g. the database was down).
func (l *loginLimiter) undo(login string, t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	key := strings.ToLower(login)
	ts := l.failures[key]
	for i := len(ts) - 1; i >= 0; i-- {
		if ts[i].Equal(t) {
			l.failures[key] = append(ts[:i:i], ts[i+1:]...)
			return
		}
	}
}

// succeed forgets the login's failures.
func (l *loginLimiter) succeed(login string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, strings.ToLower(login))
}

// recent drops the key's failures older than the window and returns the
// rest, oldest first. The caller holds mu.
func (l *loginLimiter) recent(key string, now time.Time) []time.Time {
	ts := l.failures[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= failureWindow {
		i++
	}
	ts = ts[i:]
	if len(ts) > maxFailures {
		ts = ts[len(ts)-maxFailures:]
	}
	if len(ts) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = ts
	return ts
}
