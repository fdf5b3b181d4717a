package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
	"github.com/fanbase/fanbase/internal/user"
)

// testSyncs stands in for the app's sync runner: Start records the call
// and stores a fresh sync in the real store, as the runner's first step
// does; Status reads the store.
type testSyncs struct {
	db      *sqlstore.DB
	mu      sync.Mutex
	started []string // appids
}

func (s *testSyncs) Start(ctx context.Context, acct *account.Account) error {
	s.mu.Lock()
	s.started = append(s.started, acct.AppID)
	s.mu.Unlock()
	return s.db.SaveFollowerSync(ctx, &audience.SyncState{AccountID: acct.ID, Phase: audience.PhaseList,
		StartedAt: time.Now().UTC().Truncate(time.Millisecond)})
}

func (s *testSyncs) Status(ctx context.Context, accountID int64) (*audience.SyncState, error) {
	return s.db.FollowerSync(ctx, accountID)
}

func (s *testSyncs) calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.started...)
}

func TestFollowerSyncCard(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	app.addUser("agent", user.Agent, app.Account.ID)
	base := "/a/" + app.Account.AppID + "/followers"
	op := app.login("op")

	status, body := op.get(base)
	wantPage(t, "list, never synced", status, body, http.StatusOK, `id="follower-sync"`, "尚未从微信同步过粉丝列表", "同步粉丝")
	if strings.Contains(body, "every 2s") {
		t.Errorf("the card polls though no sync runs")
	}
	status, body = app.login("agent").get(base)
	wantPage(t, "list as agent", status, body, http.StatusOK, `id="follower-search"`)
	if strings.Contains(body, `id="follower-sync"`) {
		t.Errorf("an agent sees the sync card")
	}

	status, body, _ = op.htmx("POST", base+"/sync", nil)
	wantPage(t, "start", status, body, http.StatusOK, `data-running="true"`, "sse:sync, every 2s", "拉取列表", "同步中")
	if got := app.H.FollowerSync.(*testSyncs).calls(); len(got) != 1 || got[0] != app.Account.AppID {
		t.Errorf("Start calls = %v, want one for %s", got, app.Account.AppID)
	}
	if !auditHas(t, app, "followers.sync") {
		t.Errorf("the start is not in the audit log")
	}
}

func TestFollowerSyncCardShowsTheLastSync(t *testing.T) {
	app := newTestApp(t)
	app.addUser("admin", user.Admin, app.Account.ID)
	at := time.Date(2025, 5, 1, 2, 0, 0, 0, time.UTC)
	st := &audience.SyncState{AccountID: app.Account.ID, Phase: audience.PhaseProfile, Total: 300, Listed: 300,
		Profiled: 100, Calls: 4, StartedAt: at, Error: "已达微信接口每日调用上限 (WeChat daily API quota reached)"}
	if err := app.DB.SaveFollowerSync(context.Background(), st); err != nil {
		t.Fatal(err)
	}
	c := app.login("admin")
	c.lang = "en"
	status, body := c.get("/a/" + app.Account.AppID + "/followers/sync")
	wantPage(t, "card in English", status, body, http.StatusOK, "Profiles", "300 / 300", "100 / 300",
		`id="follower-sync-calls">4<`, "2025-05-01 10:00", "Sync stopped", "daily API quota", "Resume sync")
	if strings.Contains(body, "every 2s") {
		t.Errorf("a sync stopped by an error still polls")
	}
}

func TestFollowerSyncRefused(t *testing.T) {
	app := newTestApp(t)
	app.addUser("agent", user.Agent, app.Account.ID)
	app.addUser("op", user.Operator, app.Account.ID)
	path := "/a/" + app.Account.AppID + "/followers/sync"
	status, body := app.login("agent").post(path, nil)
	wantPage(t, "agent starts", status, body, http.StatusForbidden)
	status, body = app.login("op").do("POST", path, nil, nil) // no CSRF token
	wantPage(t, "start without CSRF", status, body, http.StatusForbidden)
	if got := app.H.FollowerSync.(*testSyncs).calls(); len(got) != 0 {
		t.Errorf("refused requests started syncs: %v", got)
	}
	if _, err := app.DB.FollowerSync(context.Background(), app.Account.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("a refused start stored a sync: %v", err)
	}
}

func TestFollowerSyncStartWithoutHTMXRedirects(t *testing.T) {
	app := newTestApp(t)
	app.addUser("op", user.Operator, app.Account.ID)
	status, _ := app.login("op").post("/a/"+app.Account.AppID+"/followers/sync", nil)
	if status != http.StatusSeeOther {
		t.Fatalf("form POST = %d, want 303 back to the list", status)
	}
}

func auditHas(t *testing.T, app *testApp, action string) bool {
	t.Helper()
	list, err := app.DB.ListAudit(context.Background(), user.AuditFilter{AccountID: app.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.Action == action {
			return true
		}
	}
	return false
}
