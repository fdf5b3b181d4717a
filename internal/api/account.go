package api

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/user"
)

// accountJSON is an account as the API shows it. It has no field for the
// secret, the token or the EncodingAESKey: they never leave the server.
type accountJSON struct {
	ID         int64     `json:"id"`
	AppID      string    `json:"appid"`
	Name       string    `json:"name"`
	OriginalID string    `json:"original_id,omitempty"`
	Type       string    `json:"type"`
	Mode       string    `json:"mode"`
	TimeZone   string    `json:"time_zone"`
	CreatedAt  string    `json:"created_at"`
	Role       user.Role `json:"role"` // the caller's role on it
}

func toAccountJSON(a *account.Account, role user.Role) accountJSON {
	return accountJSON{
		ID: a.ID, AppID: a.AppID, Name: a.Name, OriginalID: a.OriginalID, Type: string(a.Type),
		Mode: string(a.Mode), TimeZone: a.TimeZone, CreatedAt: stamp(a.CreatedAt), Role: role,
	}
}

// handleAccountList lists the accounts the caller holds a role on.
func (a *API) handleAccountList(w http.ResponseWriter, r *http.Request, c *call) error {
	p, err := parsePage(r, 1)
	if err != nil {
		return err
	}
	all, err := a.Accounts.ListAccounts(r.Context())
	if err != nil {
		return err
	}
	var items []accountJSON
	next := ""
	for _, acct := range all { // creation order, so ids ascend
		role := user.RoleOn(c.Memberships, acct.ID)
		if role == "" || (p.Cursor != nil && acct.ID <= p.Cursor[0]) {
			continue
		}
		if len(items) == p.Limit {
			next = encodeCursor(items[len(items)-1].ID)
			break
		}
		items = append(items, toAccountJSON(acct, role))
	}
	writeJSON(w, http.StatusOK, newList(items, next))
	return nil
}

// handleAccountGet shows one account.
func (a *API) handleAccountGet(w http.ResponseWriter, r *http.Request, c *call) error {
	writeJSON(w, http.StatusOK, toAccountJSON(c.Account, c.Role))
	return nil
}
