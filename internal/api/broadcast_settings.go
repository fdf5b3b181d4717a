package api

import (
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/broadcast"
)

// handleBroadcastSettingsGet answers the account's broadcast settings.
func (a *API) handleBroadcastSettingsGet(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Broadcasts == nil {
		return errNoBroadcasts
	}
	st, err := a.Broadcasts.Settings(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsOut(st))
	return nil
}

// handleBroadcastSettingsPut replaces the account's broadcast settings and
// answers them as stored.
func (a *API) handleBroadcastSettingsPut(w http.ResponseWriter, r *http.Request, c *call) error {
	if a.Broadcasts == nil {
		return errNoBroadcasts
	}
	var st broadcast.Settings
	if err := decodeJSON(r, &st); err != nil {
		return err
	}
	if err := a.Broadcasts.SaveSettings(r.Context(), c.Account.ID, st); err != nil {
		return err
	}
	a.audit(r, c, "broadcast.settings", "account:"+c.Account.AppID,
		fmt.Sprintf("daily_cap=%d recent_hours=%d preview_openids=%d via API", st.DailyCap, st.RecentHours, len(st.PreviewOpenIDs)))
	saved, err := a.Broadcasts.Settings(r.Context(), c.Account.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsOut(saved))
	return nil
}

// settingsOut lists no test followers as [] rather than null.
func settingsOut(st broadcast.Settings) broadcast.Settings {
	if st.PreviewOpenIDs == nil {
		st.PreviewOpenIDs = []string{}
	}
	return st
}
