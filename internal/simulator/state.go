package simulator

import (
	"maps"
	"net/http"
	"time"
)

// State is a snapshot of the platform for the demo page and for tests.
type State struct {
	At       time.Time      `json:"at"`
	Accounts []AccountState `json:"accounts"`
	// Unmatched counts API errors by errcode that belong to no account
	// (unknown appid or access_token, unimplemented paths).
	Unmatched map[int]int `json:"unmatched_errors"`
}

// AccountState is one account's counters.
type AccountState struct {
	AppID          string         `json:"appid"`
	OriginalID     string         `json:"original_id"`
	Mode           string         `json:"mode"`
	Type           string         `json:"type"`
	Followers      int            `json:"followers"`
	Subscribed     int            `json:"subscribed"`
	TokenFetches   int            `json:"token_fetches"`
	CustomReceived int            `json:"custom_received"`
	APIErrors      map[int]int    `json:"api_errors"` // by errcode
	QuotaUsed      map[string]int `json:"quota_used"` // today's calls by path
	Push           PushStats      `json:"push"`
}

// PushStats count pushes to the developer server and how they ended.
type PushStats struct {
	Sent           int            `json:"sent"`     // Push calls that reached an outcome
	Attempts       int            `json:"attempts"` // HTTP requests, retries included
	Replied        int            `json:"replied"`
	NoReply        int            `json:"no_reply"` // "success" or an empty body
	Failed         int            `json:"failed"`   // the follower saw 该公众号暂时无法提供服务
	ProtocolErrors int            `json:"protocol_errors"`
	Errors         map[string]int `json:"errors"` // failures by kind
}

func (s PushStats) clone() PushStats {
	s.Errors = maps.Clone(s.Errors)
	return s
}

// State returns a consistent snapshot per account.
func (p *Platform) State() State {
	p.mu.RLock()
	st := State{At: p.opts.Now(), Unmatched: maps.Clone(p.unmatched)}
	accts := make([]*account, 0, len(p.order))
	for _, appid := range p.order {
		accts = append(accts, p.accounts[appid])
	}
	p.mu.RUnlock()
	for _, a := range accts {
		st.Accounts = append(st.Accounts, a.state())
	}
	return st
}

func (a *account) state() AccountState {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := AccountState{
		AppID: a.cfg.AppID, OriginalID: a.cfg.OriginalID, Mode: a.cfg.Mode, Type: a.cfg.Type,
		Followers: len(a.followers), TokenFetches: a.fetches, CustomReceived: len(a.received),
		APIErrors: maps.Clone(a.apiErrors), QuotaUsed: maps.Clone(a.quotaUsed), Push: a.push.clone(),
	}
	for _, f := range a.followers {
		if f.Subscribed {
			s.Subscribed++
		}
	}
	return s
}

// handleState serves GET /sim/state.
func (p *Platform) handleState(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, p.State())
}
