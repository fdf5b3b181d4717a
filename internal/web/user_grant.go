package web

import (
	"fmt"
	"net/http"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// handleUserGrant sets a user's role on one account (or on all), or takes
// it away with role "none".
func (h *Handler) handleUserGrant(w http.ResponseWriter, r *http.Request, p *Page) error {
	if err := h.grantRole(r, p, r.PostFormValue("account"), r.PostFormValue("role")); err != nil {
		return h.usersFailed(w, r, p, usersView{}, err)
	}
	h.redirect(w, r, "/settings/users?done=role")
	return nil
}

func (h *Handler) grantRole(r *http.Request, p *Page, account, role string) error {
	u, ms, err := h.targetUser(r, p)
	if err != nil {
		return err
	}
	acctID, appID, ok := grantAccount(p, account)
	if !ok {
		return errs.Errorf(errs.Forbidden, "%s", p.T("users.err.grant"))
	}
	current := user.Membership{UserID: u.ID, AccountID: acctID}
	for _, m := range ms {
		if m.AccountID == acctID {
			current = m
		}
	}
	if current.Role != "" && !user.CanGrant(p.memberships, acctID, current.Role) {
		return errs.Errorf(errs.Forbidden, "%s", p.T("users.err.grant"))
	}
	if err := h.applyRole(r, p, current, role); err != nil {
		return err
	}
	h.auditOn(r, p, acctID, "user.grant", u.Login, fmt.Sprintf("%s on %s", role, appID))
	return nil
}

// applyRole replaces (or with "none" removes) the membership, keeping the
// agent capacity it had.
func (h *Handler) applyRole(r *http.Request, p *Page, m user.Membership, role string) error {
	if role == "none" {
		if m.Role == "" {
			return nil
		}
		return h.Users.RemoveMembership(r.Context(), m.UserID, m.AccountID)
	}
	next, err := user.ParseRole(role)
	if err != nil {
		return err
	}
	if !user.CanGrant(p.memberships, m.AccountID, next) {
		return errs.Errorf(errs.Forbidden, "%s", p.T("users.err.grant"))
	}
	m.Role = next
	return h.Users.SetMembership(r.Context(), m)
}
