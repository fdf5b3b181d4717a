package wxclient

import (
	"context"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
)

func TestMemoryStoreLease(t *testing.T) {
	clk := newClock()
	s := newMemoryStore(clk.Now)
	ctx := context.Background()
	const name, ttl = "token:wx1", 30 * time.Second
	steps := []struct {
		name    string
		advance time.Duration
		op      string // "try" or "release"
		holder  string
		want    bool
	}{
		{"first holder takes", 0, "try", "a", true},
		{"second holder refused", 0, "try", "b", false},
		{"same holder renews", 20 * time.Second, "try", "a", true},
		{"renewal extends the lease", 20 * time.Second, "try", "b", false},
		{"other holder cannot release", 0, "release", "b", false},
		{"still refused", 0, "try", "b", false},
		{"expired lease is taken", 11 * time.Second, "try", "b", true},
		{"old holder refused", 0, "try", "a", false},
		{"holder releases", 0, "release", "b", false},
		{"free after release", 0, "try", "a", true},
	}
	for _, st := range steps {
		clk.Add(st.advance)
		if st.op == "release" {
			if err := s.ReleaseLease(ctx, name, st.holder); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			continue
		}
		got, err := s.TryLease(ctx, name, st.holder, ttl)
		if err != nil || got != st.want {
			t.Fatalf("%s: TryLease = %v, %v; want %v", st.name, got, err, st.want)
		}
	}
}

func TestMemoryStoreLeasesAreIndependent(t *testing.T) {
	s := NewMemoryStore()
	ctx := context.Background()
	a, _ := s.TryLease(ctx, "token:wx1", "a", time.Minute)
	b, _ := s.TryLease(ctx, "token:wx2", "b", time.Minute)
	if !a || !b {
		t.Fatalf("leases on different names: %v %v, want both taken", a, b)
	}
}

func TestMemoryStoreToken(t *testing.T) {
	s := NewMemoryStore()
	ctx := context.Background()
	if _, err := s.LoadToken(ctx, "wx1"); !errs.Is(err, errs.NotFound) {
		t.Fatalf("err = %v, want NotFound", err)
	}
	want := Token{Value: "v", ExpiresAt: time.Unix(1700000000, 0)}
	if err := s.SaveToken(ctx, "wx1", want); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadToken(ctx, "wx1")
	if err != nil || got != want {
		t.Fatalf("LoadToken = %v, %v; want %v", got, err, want)
	}
}
