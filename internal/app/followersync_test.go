package app_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/app"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/simulator"
	"github.com/fanbase/fanbase/internal/simulator/simtest"
)

const syncFollowers = 350

// addSyncAccount seeds the simulator with an account of syncFollowers
// followers and returns fanbase's account for it (not yet stored).
func addSyncAccount(t *testing.T, p *simulator.Platform, appid, apiBase string) *account.Account {
	t.Helper()
	sa := simtest.Account(appid, simulator.ModePlain, "")
	simtest.MustAdd(t, p, sa)
	for i := range syncFollowers {
		f := simulator.Follower{OpenID: fmt.Sprintf("oSync_%05d", i), Subscribed: true, Scene: simulator.SceneSearch,
			SubscribeTime: time.Date(2024, 1, 1, 0, 0, i, 0, time.UTC), Remark: fmt.Sprintf("备注%d", i)}
		if err := p.AddFollower(appid, f); err != nil {
			t.Fatal(err)
		}
	}
	return &account.Account{AppID: appid, Name: "同步 sync", Token: sa.Token, Secret: sa.Secret,
		Type: account.Service, Mode: account.ModePlain, TimeZone: account.DefaultTimeZone, APIBase: apiBase}
}

// waitSynced polls the store (bounded by the test's deadline) until the
// account's sync is done, then checks every follower is stored.
func waitSynced(t *testing.T, m *app.Main, accountID int64) {
	t.Helper()
	for {
		st, err := m.Store.FollowerSync(t.Context(), accountID)
		if err == nil && !st.Running() {
			if st.Listed != syncFollowers || st.Profiled != syncFollowers || st.Error != "" {
				t.Fatalf("finished sync: %+v", st)
			}
			break
		}
		select {
		case <-t.Context().Done():
			t.Fatalf("sync not done before the test's deadline: %+v %v", st, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	totals, err := m.Store.FollowerTotals(t.Context(), accountID)
	if err != nil || totals.Known != syncFollowers || totals.Subscribed != syncFollowers {
		t.Fatalf("stored followers %+v, %v; want %d following", totals, err, syncFollowers)
	}
	f, err := m.Store.Follower(t.Context(), accountID, "oSync_00007")
	if err != nil || f.Remark != "备注7" {
		t.Errorf("follower 7 after the sync: %+v, %v", f, err)
	}
}

// TestFollowerSyncInTheBackground: the web button's path through Main
// syncs every follower of a simulated account.
func TestFollowerSyncInTheBackground(t *testing.T) {
	p, api := simtest.NewServer(t, simulator.Options{Logger: quiet})
	m := mustOpen(t, testConfig(t.TempDir(), api.URL))
	defer func() { _ = m.Close() }()
	a := addSyncAccount(t, p, "wx_sync_bg", api.URL)
	if err := m.Store.CreateAccount(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	if err := m.StartFollowerSync(t.Context(), a); err != nil {
		t.Fatalf("start: %v", err)
	}
	if err := m.StartFollowerSync(t.Context(), a); err != nil {
		t.Fatalf("start while running: %v", err)
	}
	waitSynced(t, m, a.ID)
}

// TestFollowerSyncResumesAtStart: a sync left unfinished in the store (a
// crash) is resumed when the server starts.
func TestFollowerSyncResumesAtStart(t *testing.T) {
	p, api := simtest.NewServer(t, simulator.Options{Logger: quiet})
	cfg := testConfig(t.TempDir(), api.URL)
	a := addSyncAccount(t, p, "wx_sync_resume", api.URL)
	db, err := app.OpenStore(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	err = db.CreateAccount(t.Context(), a)
	if err == nil {
		err = db.SaveFollowerSync(t.Context(), &audience.SyncState{AccountID: a.ID, Phase: audience.PhaseList,
			StartedAt: time.Now().UTC().Truncate(time.Millisecond)})
	}
	if cerr := db.Close(); err != nil || cerr != nil {
		t.Fatalf("seed the store: %v %v", err, cerr)
	}
	m := mustOpen(t, cfg)
	defer func() { _ = m.Close() }()
	waitSynced(t, m, a.ID)
}
