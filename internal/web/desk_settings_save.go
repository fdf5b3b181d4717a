package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/inbox"
)

// maxCapacity bounds a capacity typed on the settings page.
const maxCapacity = 1000

// capacityChange is one agent's capacity to store.
type capacityChange struct {
	member deskMember
	to     int
}

// handleDeskSettingsSave checks the whole form first and, only when all of
// it is valid, stores the desk settings and every changed capacity.
func (h *Handler) handleDeskSettingsSave(w http.ResponseWriter, r *http.Request, p *Page) error {
	members, err := h.deskMembers(r.Context(), p.Account.ID)
	if err != nil {
		return err
	}
	v := deskFormView(r, members)
	s, changes, err := parseDeskForm(p, v)
	if err == nil {
		err = h.saveDesk(r, p, s, changes)
	}
	if err != nil {
		msg, status, ok := formError(p, err)
		if !ok {
			return err
		}
		v.Error = msg
		return h.showDeskSettings(w, p, v, status)
	}
	h.redirect(w, r, p.URL("/inbox/settings?done=saved"))
	return nil
}

// deskFormView is the page again with what was typed.
func deskFormView(r *http.Request, members []deskMember) deskSettingsView {
	v := deskSettingsView{OpenOn: r.PostFormValue("open_on"), AutoAssign: r.PostFormValue("auto_assign") != "",
		DefaultCapacity: strings.TrimSpace(r.PostFormValue("default_capacity")), Members: members}
	for i, m := range v.Members {
		if m.Editable {
			v.Members[i].Capacity = strings.TrimSpace(r.PostFormValue(m.Field))
		}
	}
	return v
}

// parseDeskForm turns the typed form into settings and the capacities that
// differ from the stored ones.
func parseDeskForm(p *Page, v deskSettingsView) (inbox.Settings, []capacityChange, error) {
	s := inbox.Settings{AccountID: p.Account.ID, OpenOn: inbox.OpenOn(v.OpenOn), AutoAssign: v.AutoAssign}
	n, err := strconv.Atoi(v.DefaultCapacity)
	if err != nil || n < 0 || n > maxCapacity {
		return s, nil, errs.Errorf(errs.Invalid, "%s", p.T("desk_settings.err.default_capacity"))
	}
	s.DefaultCapacity = n
	if err := s.Validate(); err != nil {
		return s, nil, err
	}
	var changes []capacityChange
	for _, m := range v.Members {
		if !m.Editable {
			continue
		}
		n, err := strconv.Atoi(m.Capacity)
		if m.Capacity == "" {
			n, err = 0, nil // an emptied box means the default
		}
		if err != nil || n < 0 || n > maxCapacity {
			return s, nil, errs.Errorf(errs.Invalid, "%s", p.T("desk_settings.err.capacity", m.Name))
		}
		if n != m.own.Capacity {
			changes = append(changes, capacityChange{member: m, to: n})
		}
	}
	return s, changes, nil
}

// saveDesk stores the settings and the changed capacities (same role, new
// capacity, on this account's own membership) and writes the audit log.
func (h *Handler) saveDesk(r *http.Request, p *Page, s inbox.Settings, changes []capacityChange) error {
	if err := h.Desk.SaveSettings(r.Context(), s); err != nil {
		return err
	}
	detail := fmt.Sprintf("open_on=%s auto_assign=%t default_capacity=%d", s.OpenOn, s.AutoAssign, s.DefaultCapacity)
	var err error
	for _, c := range changes {
		m := c.member.own
		m.Capacity = c.to
		if err = h.Users.SetMembership(r.Context(), m); err != nil {
			err = fmt.Errorf("web: capacity of user %d: %w", m.UserID, err)
			break
		}
		detail += fmt.Sprintf("; capacity %s %d→%d", c.member.Login, c.member.own.Capacity, c.to)
	}
	h.audit(r, p, "desk.settings", "desk", detail) // what was stored, even if a capacity failed
	return err
}
