package web

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// userAddForm is the add-user form's fields, kept to refill it after an error.
type userAddForm struct {
	Login, Name, Role, Account string
}

// handleUserAdd creates a user with an initial password and one role.
func (h *Handler) handleUserAdd(w http.ResponseWriter, r *http.Request, p *Page) error {
	f := userAddForm{
		Login: strings.TrimSpace(r.PostFormValue("login")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role"), Account: r.PostFormValue("account"),
	}
	err := h.addUser(r, p, f, r.PostFormValue("password"))
	if err != nil {
		return h.usersFailed(w, r, p, usersView{Form: f}, err)
	}
	h.redirect(w, r, "/settings/users?done=added")
	return nil
}

func (h *Handler) addUser(r *http.Request, p *Page, f userAddForm, password string) error {
	role, err := user.ParseRole(f.Role)
	if err != nil {
		return err
	}
	acctID, appID, ok := grantAccount(p, f.Account)
	if !ok || !user.CanGrant(p.memberships, acctID, role) {
		return errs.Errorf(errs.Forbidden, "%s", p.T("users.err.grant"))
	}
	svc, err := h.people()
	if err != nil {
		return err
	}
	u, err := svc.AddUser(r.Context(), f.Login, f.Name, password)
	if err != nil {
		return err
	}
	if err := h.Users.SetMembership(r.Context(), user.Membership{UserID: u.ID, AccountID: acctID, Role: role}); err != nil {
		return err
	}
	h.auditOn(r, p, acctID, "user.add", u.Login, fmt.Sprintf("%s on %s", role, appID))
	return nil
}
