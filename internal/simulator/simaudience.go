package simulator

import (
	"net/http"
)

// handleSimTags serves GET /sim/tags?appid=: the account's tags with their
// follower counts, so tests and the demo can see what fanbase synced.
func (p *Platform) handleSimTags(w http.ResponseWriter, r *http.Request) {
	a, ok := p.simAccount(w, r)
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"appid": r.URL.Query().Get("appid"), "tags": a.tagList()})
	}
}

// handleSimMenus serves GET /sim/menus?appid=: the account's default and
// conditional menus as menu/get would show them.
func (p *Platform) handleSimMenus(w http.ResponseWriter, r *http.Request) {
	a, ok := p.simAccount(w, r)
	if ok {
		writeJSON(w, http.StatusOK, map[string]any{"appid": r.URL.Query().Get("appid"), "menus": a.menuCopy()})
	}
}

// simAccount finds the account named by ?appid=, answering 404 when unknown.
func (p *Platform) simAccount(w http.ResponseWriter, r *http.Request) (*account, bool) {
	a, err := p.lookup(r.URL.Query().Get("appid"))
	if err != nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": err.Error()})
		return nil, false
	}
	return a, true
}
