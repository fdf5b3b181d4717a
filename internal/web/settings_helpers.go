package web

import (
	"net/http"
	"strings"

	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// formError turns the error of a failed form into what the form shows
// (in the page's language) and its status. Internal errors are not for
// forms: ok is false and the caller returns err for the error page.
func formError(p *Page, err error) (msg string, status int, ok bool) {
	code := errs.CodeOf(err)
	if code == errs.Internal {
		return "", 0, false
	}
	return localMessage(p.Lang, err.Error()), errs.HTTPStatus(code), true
}

// localMessage picks one language out of a bilingual errs message written
// as "English text (中文说明)"; other messages pass unchanged.
func localMessage(lang, msg string) string {
	i := strings.LastIndex(msg, " (")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return msg
	}
	en, zh := msg[:i], msg[i+2:len(msg)-1]
	if !strings.ContainsFunc(zh, isHan) {
		return msg
	}
	if lang == "en" {
		return en
	}
	return zh
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }

// auditOn records a change about accountID (0: none or all accounts) made
// on a settings page, where p.Account is not set.
func (h *Handler) auditOn(r *http.Request, p *Page, accountID int64, action, target, detail string) {
	e := &user.AuditEntry{
		At: h.Now(), UserID: p.User.ID, UserName: p.User.Name, AccountID: accountID,
		Action: action, Target: target, Detail: detail, IP: clientIP(r),
	}
	if err := h.Users.AddAudit(r.Context(), e); err != nil {
		h.log.Error("write audit log", "action", action, "user_id", p.User.ID, "error", err.Error())
	}
}

// targetUser loads the user a /settings/users/{id}/… path names, with
// their memberships, refusing the viewer themself: their own password
// lives on the profile page and their own role is changed by someone else.
func (h *Handler) targetUser(r *http.Request, p *Page) (*user.User, []user.Membership, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, err
	}
	if id == p.User.ID {
		return nil, nil, errs.Errorf(errs.Forbidden, "%s", p.T("users.err.self"))
	}
	u, err := h.Users.UserByID(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	ms, err := h.Users.Memberships(r.Context(), id)
	if err != nil {
		return nil, nil, err
	}
	return u, ms, nil
}

// manageable loads the target user and checks the viewer may manage them.
func (h *Handler) manageable(r *http.Request, p *Page) (*user.User, error) {
	u, ms, err := h.targetUser(r, p)
	if err != nil {
		return nil, err
	}
	if !user.CanManage(p.memberships, ms) {
		return nil, errs.Errorf(errs.Forbidden, "%s", p.T("users.err.manage"))
	}
	return u, nil
}

// usersFailed shows the users page again with the error of a change.
func (h *Handler) usersFailed(w http.ResponseWriter, r *http.Request, p *Page, v usersView, err error) error {
	msg, status, ok := formError(p, err)
	if !ok {
		return err
	}
	v.Error = msg
	return h.showUsers(w, r, p, v, status)
}
