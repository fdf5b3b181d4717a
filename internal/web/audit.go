package web

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/reqauth"
	"github.com/fanbase/fanbase/internal/user"
)

// audit records a change made through the web app. A failure to write the
// audit log is logged, not shown: the change itself already happened.
func (h *Handler) audit(r *http.Request, p *Page, action, target, detail string) {
	e := &user.AuditEntry{
		At: h.Now(), UserID: p.User.ID, UserName: p.User.Name, Action: action,
		Target: target, Detail: detail, IP: clientIP(r),
	}
	if p.Account != nil {
		e.AccountID = p.Account.ID
	}
	if err := h.Users.AddAudit(r.Context(), e); err != nil {
		h.log.Error("write audit log", "action", action, "user_id", p.User.ID, "error", err.Error())
	}
}

// clientIP is the remote address without the port.
func clientIP(r *http.Request) string { return reqauth.ClientIP(r) }
