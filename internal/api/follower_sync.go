package api

import (
	"context"
	"net/http"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
)

// FollowerSyncer starts follower syncs in the background and tells how the
// last one went (the app's runner).
type FollowerSyncer interface {
	// Start syncs acct's followers in the background; it returns at once.
	Start(ctx context.Context, acct *account.Account) error
	// Status is the last or current sync; errs.NotFound when never synced.
	Status(ctx context.Context, accountID int64) (*audience.SyncState, error)
}

// followerSyncJSON is a follower sync's progress.
type followerSyncJSON struct {
	Phase      string `json:"phase"`   // list, profile, done
	Running    bool   `json:"running"` // not done yet (also when stopped by an error: starting again resumes)
	Total      int64  `json:"total"`
	Listed     int64  `json:"listed"`
	Profiled   int64  `json:"profiled"`
	Unlisted   int64  `json:"unlisted"`
	Calls      int64  `json:"api_calls"`
	StartedAt  string `json:"started_at"`
	UpdatedAt  string `json:"updated_at,omitempty"`
	FinishedAt string `json:"finished_at,omitempty"`
	Error      string `json:"error,omitempty"`
}

func toFollowerSyncJSON(s *audience.SyncState) followerSyncJSON {
	return followerSyncJSON{Phase: string(s.Phase), Running: s.Running(), Total: s.Total, Listed: s.Listed,
		Profiled: s.Profiled, Unlisted: s.Unlisted, Calls: s.Calls, StartedAt: stamp(s.StartedAt),
		UpdatedAt: stamp(s.UpdatedAt), FinishedAt: stamp(s.FinishedAt), Error: s.Error}
}

var errNoFollowerSync = errs.Errorf(errs.Unavailable, "follower sync is not available on this server (粉丝同步未启用)")

// handleFollowerSyncGet answers the account's last or current sync.
func (a *API) handleFollowerSyncGet(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.FollowerSync == nil {
		return errNoFollowerSync
	}
	st, err := a.FollowerSync.Status(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toFollowerSyncJSON(st))
	return nil
}

// handleFollowerSyncStart starts a sync in the background (or lets the
// running one go on) and answers 202 with its state.
func (a *API) handleFollowerSyncStart(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.FollowerSync == nil {
		return errNoFollowerSync
	}
	if err := a.FollowerSync.Start(r.Context(), c.Account); err != nil {
		return err
	}
	a.audit(r, c, "followers.sync", c.Account.AppID, "via API")
	st, err := a.FollowerSync.Status(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, toFollowerSyncJSON(st))
	return nil
}
