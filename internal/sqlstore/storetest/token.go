package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/wechat/wxclient"
)

func testTokens(t *testing.T, s Store) {
	_, err := s.LoadToken(ctx(t), "wx_tok")
	wantCode(t, "token never saved", err, errs.NotFound)
	saves := []struct {
		appID string
		tok   wxclient.Token
	}{
		{"wx_tok", wxclient.Token{Value: "ACCESS_1", ExpiresAt: base.Add(2 * time.Hour)}},
		{"wx_tok2", wxclient.Token{Value: "OTHER", ExpiresAt: base.Add(time.Hour)}},
		{"wx_tok", wxclient.Token{Value: "ACCESS_2", ExpiresAt: base.Add(4 * time.Hour)}},
	}
	latest := map[string]wxclient.Token{}
	for _, sv := range saves {
		if err := s.SaveToken(ctx(t), sv.appID, sv.tok); err != nil {
			t.Fatalf("SaveToken(%s): %v", sv.appID, err)
		}
		latest[sv.appID] = sv.tok
		for appID, want := range latest {
			got, err := s.LoadToken(ctx(t), appID)
			if err != nil || got.Value != want.Value || !got.ExpiresAt.Equal(want.ExpiresAt) {
				t.Errorf("LoadToken(%s) = %+v, %v; want %+v", appID, got, err, want)
			}
		}
	}
}

// testLeases plays the token refresher's lease between two nodes.
func testLeases(t *testing.T, s Store) {
	const name, short = "token:wx_lease", 50 * time.Millisecond
	steps := []struct {
		name   string
		holder string
		ttl    time.Duration
		sleep  time.Duration // wait before the step, to let a short lease expire
		want   bool
	}{
		{"first holder takes it", "node-a", time.Hour, 0, true},
		{"second holder refused", "node-b", time.Hour, 0, false},
		{"same holder renews", "node-a", time.Hour, 0, true},
		{"still refused after renewal", "node-b", time.Hour, 0, false},
		{"holder renews briefly", "node-a", short, 0, true},
		{"taken over after expiry", "node-b", time.Hour, 3 * short, true},
		{"old holder refused now", "node-a", time.Hour, 0, false},
	}
	for _, st := range steps {
		time.Sleep(st.sleep)
		got, err := s.TryLease(ctx(t), name, st.holder, st.ttl)
		if err != nil || got != st.want {
			t.Fatalf("%s: TryLease(%s) = %v, %v; want %v", st.name, st.holder, got, err, st.want)
		}
	}
	if err := s.ReleaseLease(ctx(t), name, "node-a"); err != nil {
		t.Fatalf("ReleaseLease by non-holder: %v", err)
	}
	if got, _ := s.TryLease(ctx(t), name, "node-a", time.Hour); got {
		t.Fatal("a release by the non-holder freed the lease")
	}
	if err := s.ReleaseLease(ctx(t), name, "node-b"); err != nil {
		t.Fatalf("ReleaseLease: %v", err)
	}
	if got, err := s.TryLease(ctx(t), name, "node-a", time.Hour); err != nil || !got {
		t.Fatalf("TryLease after release = %v, %v; want true", got, err)
	}
	if got, err := s.TryLease(ctx(t), "other-lease", "node-b", time.Hour); err != nil || !got {
		t.Fatalf("a different lease name = %v, %v; want true", got, err)
	}
}

// testLeaseRace has several nodes grab a free lease at once: exactly one wins.
func testLeaseRace(t *testing.T, s Store) {
	const nodes = 8
	var wg sync.WaitGroup
	won := make([]bool, nodes)
	errList := make([]error, nodes)
	for i := range nodes {
		wg.Go(func() { won[i], errList[i] = s.TryLease(ctx(t), "job:race", fmt.Sprint("node-", i), time.Hour) })
	}
	wg.Wait()
	winners := 0
	for i := range nodes {
		if errList[i] != nil {
			t.Fatalf("node %d: %v", i, errList[i])
		}
		if won[i] {
			winners++
		}
	}
	if winners != 1 {
		t.Fatalf("%d nodes hold the lease, want exactly 1", winners)
	}
}
