package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// auditPageSize is how many entries one page of the audit log shows.
const auditPageSize = 50

// auditView is one page of the audit log, newest first.
type auditView struct {
	Rows    []auditRow
	Users   []user.User // the user filter's choices
	UserID  int64
	Action  string
	Actions []string // suggestions for the action filter
	Older   string   // URL of the next (older) page; "" on the last
	Global  bool     // across accounts: show each entry's account
}

type auditRow struct {
	Entry   user.AuditEntry
	Label   string // the action in words, or the action itself
	Account string
}

// auditActions are the action prefixes the filter suggests.
var auditActions = []string{"user", "token", "profile", "rules", "conversation", "account"}

// handleAuditList shows the audit log: of one account under /a/{appid}, of
// everything at /audit for admins of all accounts. Other admins are sent
// to their first account's log.
func (h *Handler) handleAuditList(w http.ResponseWriter, r *http.Request, p *Page) error {
	f, v, err := auditFilter(r)
	if err != nil {
		return err
	}
	if p.Account != nil {
		f.AccountID = p.Account.ID
	} else if !user.RoleAt(p.memberships, user.AllAccounts).AtLeast(user.Admin) {
		return h.auditElsewhere(w, r, p)
	}
	v.Global = p.Account == nil
	f.Limit = auditPageSize + 1
	entries, err := h.Users.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	if len(entries) > auditPageSize {
		entries = entries[:auditPageSize]
		v.Older = olderURL(r, entries[len(entries)-1].ID)
	}
	for _, e := range entries {
		v.Rows = append(v.Rows, auditRow{Entry: e, Label: actionLabel(p, e.Action), Account: accountName(p, e.AccountID)})
	}
	if v.Users, err = h.Users.ListUsers(r.Context()); err != nil {
		return err
	}
	v.Actions = auditActions
	p.Title, p.Nav = p.T("audit.title"), "audit"
	return h.render(w, r, p, "audit_list", v)
}

// auditFilter reads the query: ?user=ID&action=prefix&before=ID.
func auditFilter(r *http.Request) (user.AuditFilter, auditView, error) {
	q := r.URL.Query()
	var f user.AuditFilter
	for name, dst := range map[string]*int64{"user": &f.UserID, "before": &f.BeforeID} {
		if s := q.Get(name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 0 {
				return f, auditView{}, errs.Errorf(errs.Invalid, "bad %s filter (筛选参数 %s 无效)", name, name)
			}
			*dst = n
		}
	}
	f.Action = strings.TrimSpace(q.Get("action"))
	return f, auditView{UserID: f.UserID, Action: f.Action}, nil
}

// auditElsewhere sends an admin of some accounts to the first one's log.
func (h *Handler) auditElsewhere(w http.ResponseWriter, r *http.Request, p *Page) error {
	for _, a := range p.Accounts {
		if user.RoleOn(p.memberships, a.ID).AtLeast(user.Admin) {
			h.redirect(w, r, "/a/"+a.AppID+"/audit")
			return nil
		}
	}
	return errs.Errorf(errs.Forbidden, "%s", p.T("error.role", p.T("role.admin")))
}

func olderURL(r *http.Request, before int64) string {
	q := url.Values{}
	for _, k := range []string{"user", "action"} {
		if v := r.URL.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	q.Set("before", strconv.FormatInt(before, 10))
	return r.URL.Path + "?" + q.Encode()
}

// actionLabel says an action in words when the catalog knows it.
func actionLabel(p *Page, action string) string {
	key := "audit.action." + action
	if s := p.T(key); s != key {
		return s
	}
	return action
}

func accountName(p *Page, id int64) string {
	if id == user.AllAccounts {
		return ""
	}
	for _, a := range p.Accounts {
		if a.ID == id {
			return a.Name
		}
	}
	return "#" + strconv.FormatInt(id, 10)
}
