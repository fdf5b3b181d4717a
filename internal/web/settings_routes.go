package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// routesSettings registers the people pages: users and roles, API tokens,
// the user's own profile, and the audit log.
func (h *Handler) routesSettings(rt *router) {
	rt.page("GET /settings/users", user.Admin, h.handleUsersList)
	rt.page("POST /settings/users", user.Admin, h.handleUserAdd)
	rt.page("POST /settings/users/{id}/role", user.Admin, h.handleUserGrant)
	rt.page("POST /settings/users/{id}/disable", user.Admin, h.handleUserDisable)
	rt.page("POST /settings/users/{id}/enable", user.Admin, h.handleUserEnable)
	rt.page("POST /settings/users/{id}/password", user.Admin, h.handleUserPasswordReset)
	rt.page("GET /settings/tokens", "", h.handleTokensList)
	rt.page("POST /settings/tokens", "", h.handleTokenCreate)
	rt.page("POST /settings/tokens/{id}/revoke", "", h.handleTokenRevoke)
	rt.page("GET /settings/profile", "", h.handleProfileShow)
	rt.page("POST /settings/profile", "", h.handleProfileUpdate)
	rt.page("POST /settings/profile/password", "", h.handleProfilePassword)
	rt.page("GET /audit", user.Admin, h.handleAuditList)
	rt.page("GET /a/{appid}/audit", user.Admin, h.handleAuditList)
}

// people is the part of Auth the settings pages use: adding users, setting
// passwords, issuing tokens.
type people interface {
	AddUser(ctx context.Context, login, name, password string) (*user.User, error)
	SetPassword(ctx context.Context, userID int64, password string) error
	CreateToken(ctx context.Context, userID int64, name string, ttl time.Duration) (string, *user.APIToken, error)
}

func (h *Handler) people() (people, error) { return h.Auth, nil }

// pathID reads the numeric {id} of a settings path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Errorf(errs.NotFound, "no such record (记录不存在)")
	}
	return id, nil
}
