package wxclient

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestLimiterReserve(t *testing.T) {
	clk := newClock()
	l := newLimiter(10, 2, clk.Now) // 10/s: one token per 100 ms
	steps := []struct {
		advance time.Duration
		want    time.Duration
	}{
		{0, 0},                      // burst 1
		{0, 0},                      // burst 2
		{0, 100 * time.Millisecond}, // on credit: wait one interval
		{0, 200 * time.Millisecond}, // two in debt
		{300 * time.Millisecond, 0}, // debt paid, one token refilled
		{10 * time.Second, 0},       // refill caps at burst …
		{0, 0},                      // … which allows 2 …
		{0, 100 * time.Millisecond}, // … and no more
	}
	for i, s := range steps {
		clk.Add(s.advance)
		if got := l.reserve(); got != s.want {
			t.Fatalf("step %d: reserve = %v, want %v", i, got, s.want)
		}
	}
}

func TestLimiterUnlimited(t *testing.T) {
	l := newLimiter(-1, 0, newClock().Now)
	for range 1000 {
		if d := l.reserve(); d != 0 {
			t.Fatalf("reserve = %v, want 0 when disabled", d)
		}
	}
}

func TestLimiterWaitCancelledGivesTokenBack(t *testing.T) {
	clk := newClock()
	l := newLimiter(1, 1, clk.Now)
	if err := l.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want Canceled", err)
	}
	ctx, cancel = context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	if err := l.wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want DeadlineExceeded", err)
	}
	clk.Add(time.Second) // exactly one refill: only possible if the cancelled wait gave its token back
	if d := l.reserve(); d != 0 {
		t.Fatalf("reserve after refill = %v, want 0", d)
	}
}
