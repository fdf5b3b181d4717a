package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
)

// broadcastSettingsData is the settings page: the frequency care and the
// test followers, as stored or as typed after a refusal.
type broadcastSettingsData struct {
	DailyCap    string
	RecentHours string
	OpenIDs     string // one a line
	Action      string
	BackURL     string
	Flash       string
	Error       string
}

// handleBroadcastSettings shows the account's broadcast settings.
func (h *Handler) handleBroadcastSettings(w http.ResponseWriter, r *http.Request, p *Page) error {
	st, err := h.Broadcasts.Settings(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	d := &broadcastSettingsData{DailyCap: strconv.Itoa(st.DailyCap), RecentHours: strconv.Itoa(st.RecentHours),
		OpenIDs: strings.Join(st.PreviewOpenIDs, "\n")}
	if r.URL.Query().Get("done") == "saved" {
		d.Flash = p.T("broadcasts.settings.saved")
	}
	return h.renderBroadcastSettings(w, p, d, http.StatusOK)
}

// handleBroadcastSettingsSave stores the settings; refused values come
// back in the form with the reason.
func (h *Handler) handleBroadcastSettingsSave(w http.ResponseWriter, r *http.Request, p *Page) error {
	d := &broadcastSettingsData{DailyCap: strings.TrimSpace(r.PostFormValue("daily_cap")),
		RecentHours: strings.TrimSpace(r.PostFormValue("recent_hours")), OpenIDs: r.PostFormValue("preview_openids")}
	st, err := settingsFromForm(p, d)
	if err == nil {
		err = h.Broadcasts.SaveSettings(r.Context(), p.Account.ID, st)
	}
	if err != nil {
		if !userFacing(err) {
			return err
		}
		d.Error = errText(p, err)
		return h.renderBroadcastSettings(w, p, d, errs.HTTPStatus(errs.CodeOf(err)))
	}
	h.audit(r, p, "broadcast.settings", "account:"+p.Account.AppID,
		fmt.Sprintf("daily_cap=%d recent_hours=%d preview_openids=%d", st.DailyCap, st.RecentHours, len(st.PreviewOpenIDs)))
	h.redirect(w, r, p.URL("/broadcasts/settings?done=saved"))
	return nil
}

// settingsFromForm reads the numbers (whole, not negative) and the openids.
func settingsFromForm(p *Page, d *broadcastSettingsData) (broadcast.Settings, error) {
	dailyCap, err1 := strconv.Atoi(d.DailyCap)
	hours, err2 := strconv.Atoi(d.RecentHours)
	if err1 != nil || err2 != nil || dailyCap < 0 || hours < 0 {
		return broadcast.Settings{}, errs.Errorf(errs.Invalid, "%s", p.T("broadcasts.settings.bad_number"))
	}
	return broadcast.Settings{DailyCap: dailyCap, RecentHours: hours, PreviewOpenIDs: splitOpenIDs(d.OpenIDs)}, nil
}

// renderBroadcastSettings writes the settings page with status.
func (h *Handler) renderBroadcastSettings(w http.ResponseWriter, p *Page, d *broadcastSettingsData, status int) error {
	d.Action, d.BackURL = p.URL("/broadcasts/settings"), p.URL("/broadcasts")
	p.Title, p.Nav = p.T("broadcasts.settings_title"), "broadcasts"
	return h.execute(w, p, "broadcast_settings", "layout.html", d, status)
}
