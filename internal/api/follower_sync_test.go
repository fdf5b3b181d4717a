package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/sqlstore"
)

// fakeSyncs stands in for the app's sync runner: Start stores a fresh sync
// in the real store (as the runner's first step does) unless one is
// running; Status reads the store.
type fakeSyncs struct{ db *sqlstore.DB }

func (f fakeSyncs) Start(ctx context.Context, acct *account.Account) error {
	if st, err := f.db.FollowerSync(ctx, acct.ID); err == nil && st.Running() {
		return nil
	} else if err != nil && !errs.Is(err, errs.NotFound) {
		return err
	}
	return f.db.SaveFollowerSync(ctx, &audience.SyncState{AccountID: acct.ID, Phase: audience.PhaseList,
		StartedAt: time.Now().UTC().Truncate(time.Millisecond)})
}

func (f fakeSyncs) Status(ctx context.Context, accountID int64) (*audience.SyncState, error) {
	return f.db.FollowerSync(ctx, accountID)
}

const followerSync = "/api/v1/accounts/{a}/followers/sync"

// saveDoneSync stores a finished sync of account a.
func saveDoneSync(h *harness) {
	at := h.now.Add(-time.Hour)
	st := &audience.SyncState{AccountID: h.a.ID, Phase: audience.PhaseDone, Total: 3, Listed: 3, Profiled: 3,
		Unlisted: 1, Calls: 2, StartedAt: at, FinishedAt: at.Add(time.Minute)}
	if err := h.db.SaveFollowerSync(context.Background(), st); err != nil {
		h.t.Fatal(err)
	}
}

func TestFollowerSyncScenarios(t *testing.T) {
	runScenarios(t, []scenario{
		{name: "operator starts a sync", method: "POST", path: followerSync, as: "token:operator", status: 202,
			want:  map[string]any{"phase": "list", "running": true, "listed": 0, "api_calls": 0, "finished_at": absent},
			audit: "followers.sync", check: func(t *testing.T, h *harness) {
				st, err := h.db.FollowerSync(context.Background(), h.a.ID)
				if err != nil || st.Phase != audience.PhaseList {
					t.Errorf("stored sync after start: %+v, %v", st, err)
				}
			}},
		{name: "starting again after one finished", method: "POST", path: followerSync, as: "session:operator",
			setup: saveDoneSync, status: 202, want: map[string]any{"phase": "list", "running": true}},
		{name: "session POST without CSRF token", method: "POST", path: followerSync, as: "nocsrf:operator", status: 403},
		{name: "agent may not start", method: "POST", path: followerSync, as: "token:agent", status: 403,
			check: func(t *testing.T, h *harness) {
				if _, err := h.db.FollowerSync(context.Background(), h.a.ID); !errs.Is(err, errs.NotFound) {
					t.Errorf("a refused start stored a sync: %v", err)
				}
			}},
		{name: "viewer reads the last sync", method: "GET", path: followerSync, as: "token:viewer", setup: saveDoneSync,
			status: 200, want: map[string]any{"phase": "done", "running": false, "total": 3, "profiled": 3,
				"unlisted": 1, "api_calls": 2, "finished_at": present, "error": absent}},
		{name: "never synced", method: "GET", path: followerSync, as: "token:viewer", status: 404,
			want: map[string]any{"error.code": "not_found"}},
		{name: "outsider", method: "GET", path: followerSync, as: "token:outsider", status: 403},
		{name: "anonymous", method: "POST", path: followerSync, status: 401},
	})
}

// TestFollowerSyncUnavailableWithoutTheService: a server without the runner
// says so instead of pretending.
func TestFollowerSyncUnavailableWithoutTheService(t *testing.T) {
	h := newHarness(t)
	d := h.deps()
	d.FollowerSync = nil
	h.api = New(d)
	h.mux = http.NewServeMux()
	h.api.Register(h.mux)
	w := h.request("GET", "/api/v1/accounts/"+h.a.AppID+"/followers/sync", "token:viewer", "", "")
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("GET without the sync service = %d, want 503: %s", w.Code, w.Body.String())
	}
}
