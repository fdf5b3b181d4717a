package user

import (
	"testing"
	"time"
)

func TestLoginLimiter(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	var l loginLimiter
	steps := []struct {
		name string
		do   func() time.Duration
		want time.Duration
	}{
		{"1", func() time.Duration { return l.attempt("Wang", t0) }, 0},
		{"2", func() time.Duration { return l.attempt("wang", t0.Add(time.Minute)) }, 0},
		{"3", func() time.Duration { return l.attempt("WANG", t0.Add(2*time.Minute)) }, 0},
		{"undone", func() time.Duration { l.undo("wang", t0.Add(2*time.Minute)); return 0 }, 0},
		{"3 again", func() time.Duration { return l.attempt("wang", t0.Add(3*time.Minute)) }, 0},
		{"4", func() time.Duration { return l.attempt("wang", t0.Add(4*time.Minute)) }, 0},
		{"5", func() time.Duration { return l.attempt("wang", t0.Add(5*time.Minute)) }, 0},
		{"6th blocked", func() time.Duration { return l.attempt("wang", t0.Add(6*time.Minute)) }, 9 * time.Minute},
		{"still blocked", func() time.Duration { return l.attempt("wang", t0.Add(14*time.Minute)) }, time.Minute},
		{"other login", func() time.Duration { return l.attempt("li", t0.Add(14*time.Minute)) }, 0},
		{"window passed", func() time.Duration { return l.attempt("wang", t0.Add(15*time.Minute)) }, 0},
		{"blocked again", func() time.Duration { return l.attempt("wang", t0.Add(15*time.Minute)) }, time.Minute},
		{"success clears", func() time.Duration { l.succeed("wang"); return l.attempt("wang", t0.Add(15*time.Minute)) }, 0},
	}
	for _, st := range steps {
		if got := st.do(); got != st.want {
			t.Fatalf("step %s: wait %v, want %v", st.name, got, st.want)
		}
	}
}

func TestLoginLimiterPrunes(t *testing.T) {
	t0 := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	var l loginLimiter
	for i := range limiterPrune + 10 {
		l.attempt(string(rune('a'+i%26))+string(rune(0x4e00+i)), t0)
	}
	l.attempt("late", t0.Add(failureWindow))
	if n := len(l.failures); n != 1 {
		t.Fatalf("after the window %d logins are remembered, want 1", n)
	}
}
