package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// deskSettingsView is the desk settings page: the account's desk settings
// as a form, and how many conversations each agent takes at once.
type deskSettingsView struct {
	OpenOn          string
	OpenOns         []string
	AutoAssign      bool
	DefaultCapacity string // as typed, so a rejected form comes back unchanged
	UpdatedAt       time.Time
	Members         []deskMember
	Flash, Error    string
}

// deskMember is one agent's row. Only a membership on this very account
// carries a capacity set here; a member whose role comes from AllAccounts
// alone is shown read-only, so that saving never turns it into an
// account membership.
type deskMember struct {
	UserID   int64
	Name     string
	Login    string
	Role     user.Role
	Capacity string // as typed or stored; "0" is the default
	Editable bool
	Field    string          // the form field of the capacity input
	own      user.Membership // the membership on this account, when Editable
}

// handleDeskSettingsShow shows the account's desk settings (admins only).
func (h *Handler) handleDeskSettingsShow(w http.ResponseWriter, r *http.Request, p *Page) error {
	s, err := h.Desk.Settings(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	members, err := h.deskMembers(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	v := deskSettingsView{OpenOn: string(s.OpenOn), AutoAssign: s.AutoAssign, UpdatedAt: s.UpdatedAt,
		DefaultCapacity: strconv.Itoa(s.DefaultCapacity), Members: members}
	if r.URL.Query().Get("done") == "saved" {
		v.Flash = p.T("desk_settings.done.saved")
	}
	return h.showDeskSettings(w, p, v, http.StatusOK)
}

func (h *Handler) showDeskSettings(w http.ResponseWriter, p *Page, v deskSettingsView, status int) error {
	p.Title, p.Nav = p.T("desk_settings.title"), "inbox"
	v.OpenOns = []string{string(inbox.OpenOnHandoff), string(inbox.OpenOnAll), string(inbox.OpenOnNever)}
	return h.execute(w, p, "desk_settings", "layout.html", v, status)
}

// deskMembers lists the account's members with role agent or above, one row
// per person, by user ID, with the capacity stored for them.
func (h *Handler) deskMembers(ctx context.Context, accountID int64) ([]deskMember, error) {
	ms, err := h.Users.Members(ctx, accountID)
	if err != nil {
		return nil, err
	}
	users, err := h.Users.ListUsers(ctx)
	if err != nil {
		return nil, err
	}
	var out []deskMember
	for _, d := range foldMembers(ms, accountID) {
		i := slices.IndexFunc(users, func(u user.User) bool { return u.ID == d.UserID })
		if i < 0 || !d.Role.AtLeast(user.Agent) {
			continue
		}
		d.Name, d.Login = users[i].Name, users[i].Login
		out = append(out, d)
	}
	return out, nil
}

// foldMembers merges a user's memberships (Members gives AllAccounts ones
// first): the strongest role, and the capacity of the account's own
// membership when there is one.
func foldMembers(ms []user.Membership, accountID int64) []deskMember {
	var out []deskMember
	for _, m := range ms {
		if len(out) == 0 || out[len(out)-1].UserID != m.UserID {
			out = append(out, deskMember{UserID: m.UserID, Field: "capacity_" + strconv.FormatInt(m.UserID, 10)})
		}
		d := &out[len(out)-1]
		if d.Role == "" || m.Role.AtLeast(d.Role) {
			d.Role = m.Role
		}
		if m.AccountID == accountID {
			d.Editable, d.own, d.Capacity = true, m, strconv.Itoa(m.Capacity)
		} else if !d.Editable {
			d.Capacity = strconv.Itoa(m.Capacity)
		}
	}
	return out
}
