package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/fanbase/fanbase/internal/account"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/reqauth"
	"github.com/fanbase/fanbase/internal/user"
)

// pageFunc handles one page or action for a logged-in user.
type pageFunc func(w http.ResponseWriter, r *http.Request, p *Page) error

// pageRoute is a registered page, kept so tests can check every one of
// them for login, CSRF and account permissions.
type pageRoute struct {
	Pattern string
	Min     user.Role
}

// router registers routes with the checks every page needs.
type router struct {
	h   *Handler
	mux *http.ServeMux
}

// page registers a route that needs a session and at least role min: on the
// account named by {appid} if the pattern has one, else on any account.
func (rt *router) page(pattern string, min user.Role, fn pageFunc) {
	rt.h.pageRoutes = append(rt.h.pageRoutes, pageRoute{Pattern: pattern, Min: min})
	scoped := strings.Contains(pattern, "{appid}")
	rt.mux.Handle(pattern, secureHeaders(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rt.h.servePage(w, r, scoped, min, fn)
	})))
}

// public registers a route anyone may call (login, language switch).
func (rt *router) public(pattern string, fn http.HandlerFunc) {
	rt.mux.Handle(pattern, secureHeaders(fn))
}

func (h *Handler) servePage(w http.ResponseWriter, r *http.Request, scoped bool, min user.Role, fn pageFunc) {
	p, err := h.newPage(r)
	if err != nil {
		h.failAnonymous(w, r, err)
		return
	}
	if err := h.authorize(r, p, scoped, min); err != nil {
		h.fail(w, r, p, err)
		return
	}
	if err := fn(w, r, p); err != nil {
		h.fail(w, r, p, err)
	}
}

// authorize checks CSRF on changes, then the role the route needs.
func (h *Handler) authorize(r *http.Request, p *Page, scoped bool, min user.Role) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead && !validCSRF(r, p.CSRF) {
		return errs.Errorf(errs.Forbidden, "%s", p.T("error.csrf"))
	}
	if scoped {
		if err := h.loadAccount(r, p); err != nil {
			return err
		}
	}
	if min != "" && !p.Role.AtLeast(min) {
		return errs.Errorf(errs.Forbidden, "%s", p.T("error.role", p.T("role."+string(min))))
	}
	return nil
}

// loadAccount sets p.Account and p.Role for the {appid} in the path. The
// accounts the user holds a role on are already in p.Accounts; the store is
// asked only to tell a missing account (404) from a forbidden one (403).
func (h *Handler) loadAccount(r *http.Request, p *Page) error {
	appID := r.PathValue("appid")
	i := slices.IndexFunc(p.Accounts, func(a *account.Account) bool { return a.AppID == appID })
	if i < 0 {
		if _, err := h.Accounts.AccountByAppID(r.Context(), appID); err != nil {
			return err
		}
		return errs.Errorf(errs.Forbidden, "%s", p.T("error.no_account_access"))
	}
	p.Account, p.Role = p.Accounts[i], user.RoleOn(p.memberships, p.Accounts[i].ID)
	return nil
}

// validCSRF accepts the token from the X-CSRF-Token header (htmx) or the
// csrf form field, compared in constant time.
func validCSRF(r *http.Request, want string) bool {
	got := r.Header.Get(reqauth.CSRFHeader)
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return reqauth.ValidCSRF(got, want)
}

// failAnonymous answers a request without a valid session: browsers go to
// the login page and come back afterwards; htmx is told to do the same.
func (h *Handler) failAnonymous(w http.ResponseWriter, r *http.Request, err error) {
	if !errs.Is(err, errs.Unauthorized) {
		h.log.Error("load session", "path", r.URL.Path, "error", err.Error())
		http.Error(w, "internal error (内部错误)", http.StatusInternalServerError)
		return
	}
	target := "/login?next=" + url.QueryEscape(r.URL.RequestURI())
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if r.Method == http.MethodGet && !strings.HasSuffix(r.URL.Path, "/events") {
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	http.Error(w, "login required (请先登录)", http.StatusUnauthorized)
}

// accountsFor lists the accounts a user holds any role on.
func accountsFor(all []*account.Account, ms []user.Membership) []*account.Account {
	var out []*account.Account
	for _, a := range all {
		if user.RoleOn(ms, a.ID) != "" {
			out = append(out, a)
		}
	}
	return out
}

// strongestRole is the best role the user has anywhere.
func strongestRole(ms []user.Membership) user.Role {
	var best user.Role
	for _, m := range ms {
		if best == "" || m.Role.AtLeast(best) {
			best = m.Role
		}
	}
	return best
}
