package wxclient

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"
)

// limiter is a token bucket: up to burst calls at once, then rate per
// second. WeChat counts quotas per account, so each Account has its own.
type limiter struct {
	mu     sync.Mutex
	now    func() time.Time
	rate   float64 // tokens per second; <= 0 means unlimited
	burst  float64
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int, now func() time.Time) *limiter {
	b := math.Max(1, float64(burst))
	return &limiter{now: now, rate: rate, burst: b, tokens: b, last: now()}
}

// reserve takes one token, possibly on credit, and says how long the caller
// must wait before using it.
func (l *limiter) reserve() time.Duration {
	if l.rate <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if elapsed := now.Sub(l.last).Seconds(); elapsed > 0 {
		l.tokens = math.Min(l.burst, l.tokens+elapsed*l.rate)
	}
	l.last = now
	l.tokens--
	if l.tokens >= 0 {
		return 0
	}
	return time.Duration(-l.tokens / l.rate * float64(time.Second))
}

// unreserve gives back a token taken by reserve but never used.
func (l *limiter) unreserve() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.tokens = math.Min(l.burst, l.tokens+1)
}

// wait blocks until the caller may make one call, or ctx ends.
func (l *limiter) wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("rate limit wait: %w", err)
	}
	d := l.reserve()
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		l.unreserve()
		return fmt.Errorf("rate limit wait: %w", ctx.Err())
	}
}
