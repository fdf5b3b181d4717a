package simulator

import (
	"net/http"
)

// BroadcastState is one account's broadcast bookkeeping for the demo page
// and for tests: the mass-send quota used, the jobs, and per follower what
// they received (the record the crash test checks for "exactly once").
type BroadcastState struct {
	AppID         string                   `json:"appid"`
	Type          string                   `json:"type"`
	MassQuota     MassQuota                `json:"mass_quota"`
	TemplatesSent int                      `json:"templates_sent"`
	Jobs          []MassJob                `json:"jobs"`
	Received      map[string][]ReceivedRef `json:"received"` // openid → broadcasts
}

// BroadcastState returns the account's broadcast bookkeeping; with openid
// set, Received holds only that follower.
func (p *Platform) BroadcastState(appid, openid string) (BroadcastState, error) {
	a, err := p.lookup(appid)
	if err != nil {
		return BroadcastState{}, err
	}
	cfg, _ := a.config()
	jobs := p.MassJobs(appid)
	m := p.book().mass(appid)
	m.mu.Lock()
	defer m.mu.Unlock()
	st := BroadcastState{AppID: appid, Type: cfg.Type, MassQuota: m.quotaLocked(cfg.Type, p.opts.Now()),
		TemplatesSent: m.templates, Jobs: jobs, Received: m.receivedLocked()}
	if openid != "" {
		st.Received = map[string][]ReceivedRef{openid: st.Received[openid]}
	}
	return st, nil
}

// handleBroadcasts serves GET /sim/broadcasts?appid=[&openid=]; without an
// appid it lists every account.
func (p *Platform) handleBroadcasts(w http.ResponseWriter, r *http.Request) {
	appids := []string{r.URL.Query().Get("appid")}
	if appids[0] == "" {
		p.mu.RLock()
		appids = append([]string(nil), p.order...)
		p.mu.RUnlock()
	}
	out := []BroadcastState{}
	for _, appid := range appids {
		st, err := p.BroadcastState(appid, r.URL.Query().Get("openid"))
		if err != nil {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
			return
		}
		out = append(out, st)
	}
	writeJSON(w, http.StatusOK, map[string]any{"accounts": out})
}
