package api

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/reqauth"
	"github.com/fanbase/fanbase/internal/user"
)

// SessionCookie is the web app's session cookie, which the API accepts too.
const SessionCookie = reqauth.SessionCookie

// call is who is calling and on what: set up by wrap before a handler runs.
type call struct {
	User        *user.User
	Session     *user.Session  // nil when the caller used an API token
	Token       *user.APIToken // nil when the caller used the session cookie
	Memberships []user.Membership
	Account     *account.Account // the {appid} of the path; nil elsewhere
	Role        user.Role        // the caller's role on Account
}

var (
	errAnonymous = errs.Errorf(errs.Unauthorized,
		"sign in or send Authorization: Bearer <token> (请登录，或使用 API 令牌：Authorization: Bearer <token>)")
	errCSRF = errs.Errorf(errs.Forbidden,
		"X-CSRF-Token header missing or wrong: changes made with the session cookie must echo the session's CSRF token (缺少或错误的 CSRF 令牌)")
	errNoAccess = errs.Errorf(errs.Forbidden, "you have no role on this account (您没有此公众号的权限)")
)

// wrap turns a route into an http.Handler that authenticates, authorises
// and answers errors as JSON.
func (a *API) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		c := &call{}
		err := a.admit(r, rt, c)
		if err == nil {
			err = rt.handle(w, r, c)
		}
		if err != nil {
			a.writeError(w, r, err)
		}
	})
}

// admit authenticates the caller and checks what the route requires.
func (a *API) admit(r *http.Request, rt route, c *call) error {
	if rt.Public {
		return nil
	}
	if err := a.authenticate(r, c); err != nil {
		return err
	}
	if c.Session != nil && r.Method != http.MethodGet && r.Method != http.MethodHead && !validCSRF(r, c.Session.CSRF) {
		return errCSRF
	}
	if strings.Contains(rt.Path, "{appid}") {
		return a.authorizeAccount(r, rt.Role, c)
	}
	return nil
}

// authenticate recognises the caller by bearer token or else by session
// cookie. A bad token is refused outright, never retried as a cookie.
func (a *API) authenticate(r *http.Request, c *call) error {
	ctx := r.Context()
	var err error
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
			return errs.Errorf(errs.Unauthorized, "Authorization must be \"Bearer <token>\" (Authorization 头格式应为 Bearer <令牌>)")
		}
		c.User, c.Token, err = a.Auth.TokenUser(ctx, strings.TrimSpace(token))
	} else if ck, cerr := r.Cookie(SessionCookie); cerr == nil && ck.Value != "" {
		c.User, c.Session, err = a.Auth.SessionUser(ctx, ck.Value)
	} else {
		return errAnonymous
	}
	if err != nil {
		return anonymousOr(err)
	}
	if c.User == nil || c.User.Disabled {
		return errAnonymous
	}
	if c.Memberships, err = a.Users.Memberships(ctx, c.User.ID); err != nil {
		return fmt.Errorf("memberships of user %d: %w", c.User.ID, err)
	}
	return nil
}

// anonymousOr turns "no such session or token" into 401 and keeps real
// failures (the store is down) as they are.
func anonymousOr(err error) error {
	switch errs.CodeOf(err) {
	case errs.Unauthorized, errs.NotFound, errs.Forbidden:
		return errs.Errorf(errs.Unauthorized, "%s", err.Error())
	}
	return fmt.Errorf("authenticate: %w", err)
}

// authorizeAccount loads the {appid} account and checks the caller's role
// on it: unknown account 404, no role or too weak a role 403.
func (a *API) authorizeAccount(r *http.Request, min user.Role, c *call) error {
	acct, err := a.Accounts.AccountByAppID(r.Context(), r.PathValue("appid"))
	if err != nil {
		return err
	}
	c.Account, c.Role = acct, user.RoleOn(c.Memberships, acct.ID)
	if c.Role == "" {
		return errNoAccess
	}
	if min != "" && !c.Role.AtLeast(min) {
		return errs.Errorf(errs.Forbidden, "this needs the %s role or higher; yours is %s (需要 %s 或更高角色，您的角色为 %s)",
			min, c.Role, roleZH[min], roleZH[c.Role])
	}
	return nil
}

var roleZH = map[user.Role]string{
	user.Owner: "所有者", user.Admin: "管理员", user.Operator: "运营", user.Agent: "客服", user.Viewer: "只读",
}

// validCSRF checks the X-CSRF-Token header against the session's token.
// The API takes JSON bodies, so there is no form field.
func validCSRF(r *http.Request, want string) bool {
	return reqauth.ValidCSRF(r.Header.Get(reqauth.CSRFHeader), want)
}

// audit records a change made through the API. A failure to write the
// audit log is logged, not returned: the change itself already happened.
func (a *API) audit(r *http.Request, c *call, action, target, detail string) {
	e := &user.AuditEntry{
		At: a.Now(), UserID: c.User.ID, UserName: c.User.Name, Action: action,
		Target: target, Detail: detail, IP: reqauth.ClientIP(r),
	}
	if c.Account != nil {
		e.AccountID = c.Account.ID
	}
	if err := a.Users.AddAudit(r.Context(), e); err != nil {
		a.log.Error("write audit log", "action", action, "user_id", c.User.ID, "error", err.Error())
	}
}
