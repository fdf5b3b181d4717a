package web

import (
	"context"
	"net/http"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/audience"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// FollowerSyncer starts follower syncs in the background and tells how the
// last one went (the app's runner).
type FollowerSyncer interface {
	// Start syncs acct's followers in the background; it returns at once.
	Start(ctx context.Context, acct *account.Account) error
	// Status is the last or current sync; errs.NotFound when never synced.
	Status(ctx context.Context, accountID int64) (*audience.SyncState, error)
}

// followerSyncView is the sync card of the follower list.
type followerSyncView struct {
	Never, Running    bool   // Running: still working (the card polls)
	Stopped           bool   // unfinished, stopped by an error; starting again resumes it
	Phase             string // translated
	Total, Listed     int64
	Profiled, Calls   int64
	Unlisted          int64
	Started, Finished string
	Error             string
	URL               string // the card itself (GET) and the start button (POST)
}

// routesFollowerSync registers the sync card and its button (operators).
func (h *Handler) routesFollowerSync(rt *router) {
	if h.FollowerSync == nil || h.Customers == nil || h.Desk == nil {
		return
	}
	rt.page("GET /a/{appid}/followers/sync", user.Operator, h.handleFollowerSyncShow)
	rt.page("POST /a/{appid}/followers/sync", user.Operator, h.handleFollowerSyncStart)
}

// handleFollowerSyncShow renders the card alone (its live refresh).
func (h *Handler) handleFollowerSyncShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	v, err := h.followerSyncView(r.Context(), p)
	if err != nil {
		return err
	}
	return h.partial(w, r, p, "follower_list", "follower_sync", v)
}

// handleFollowerSyncStart starts a sync (or lets the running one go on) and
// shows the card, or goes back to the list without htmx.
func (h *Handler) handleFollowerSyncStart(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := h.FollowerSync.Start(r.Context(), p.Account); err != nil {
		return err
	}
	h.audit(r, p, "followers.sync", p.Account.AppID, "")
	if r.Header.Get("HX-Request") == "" {
		h.redirect(w, r, p.URL("/followers"))
		return nil
	}
	return h.handleFollowerSyncShow(w, r, p)
}

// followerSyncView loads the card's data; nil when the user may not sync.
func (h *Handler) followerSyncView(ctx context.Context, p *Page) (*followerSyncView, error) {
	if h.FollowerSync == nil || !p.Can(string(user.Operator)) {
		return nil, nil
	}
	v := &followerSyncView{URL: p.URL("/followers/sync")}
	st, err := h.FollowerSync.Status(ctx, p.Account.ID)
	if errs.Is(err, errs.NotFound) {
		v.Never = true
		return v, nil
	}
	if err != nil {
		return nil, err
	}
	v.Running, v.Stopped = st.Running() && st.Error == "", st.Running() && st.Error != ""
	v.Phase = p.T("followersync.phase." + string(st.Phase))
	v.Total, v.Listed, v.Profiled, v.Calls, v.Unlisted = st.Total, st.Listed, st.Profiled, st.Calls, st.Unlisted
	v.Started, v.Finished, v.Error = p.Time(st.StartedAt), p.Time(st.FinishedAt), st.Error
	return v, nil
}
