package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/fanbase/fanbase/internal/broadcast"
	"github.com/fanbase/fanbase/internal/errs"
	"github.com/fanbase/fanbase/internal/user"
)

// routesBroadcasts registers the broadcast pages: everyone on the account
// sees the list and the results, operators compose and send, admins set the
// frequency care. Without the service there are no such pages.
func (h *Handler) routesBroadcasts(rt *router) {
	if h.Broadcasts == nil {
		return
	}
	rt.page("GET /a/{appid}/broadcasts", user.Viewer, h.handleBroadcastList)
	rt.page("GET /a/{appid}/broadcasts/rows", user.Viewer, h.handleBroadcastRows)
	rt.page("GET /a/{appid}/broadcasts/new", user.Operator, h.handleBroadcastNew)
	rt.page("POST /a/{appid}/broadcasts", user.Operator, h.handleBroadcastCreate)
	rt.page("POST /a/{appid}/broadcasts/check", user.Operator, h.handleBroadcastCheck)
	rt.page("GET /a/{appid}/broadcasts/settings", user.Admin, h.handleBroadcastSettings)
	rt.page("POST /a/{appid}/broadcasts/settings", user.Admin, h.handleBroadcastSettingsSave)
	rt.page("GET /a/{appid}/broadcasts/{id}", user.Viewer, h.handleBroadcastShow)
	rt.page("GET /a/{appid}/broadcasts/{id}/live", user.Viewer, h.handleBroadcastLive)
	rt.page("GET /a/{appid}/broadcasts/{id}/edit", user.Operator, h.handleBroadcastEdit)
	rt.page("POST /a/{appid}/broadcasts/{id}/edit", user.Operator, h.handleBroadcastUpdate)
	rt.page("POST /a/{appid}/broadcasts/{id}/preview", user.Operator, h.handleBroadcastPreview)
	rt.page("POST /a/{appid}/broadcasts/{id}/schedule", user.Operator, h.handleBroadcastSchedule)
	rt.page("POST /a/{appid}/broadcasts/{id}/cancel", user.Operator, h.handleBroadcastCancel)
}

// broadcastID reads the {id} of the path; anything but a number is no
// broadcast.
func broadcastID(r *http.Request, p *Page) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return 0, errs.Errorf(errs.NotFound, "%s", p.T("broadcasts.error.not_found"))
	}
	return id, nil
}

// broadcastTarget names a broadcast in the audit log.
func broadcastTarget(id int64) string { return fmt.Sprintf("broadcast:%d", id) }

// broadcastStatusBadge is the badge colour of a status.
func broadcastStatusBadge(status string) string {
	switch status {
	case broadcast.StatusSent:
		return "ok"
	case broadcast.StatusSending, broadcast.StatusScheduled:
		return "info"
	case broadcast.StatusFailed:
		return "err"
	case broadcast.StatusCancelled:
		return ""
	}
	return "warn"
}

// splitOpenIDs reads openids typed one a line (commas and spaces work too),
// dropping blanks and repeats.
func splitOpenIDs(raw string) []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range strings.FieldsFunc(raw, func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == ' ' || r == '\t' || r == '，'
	}) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// userFacing reports whether err carries a message for people (an errs
// error whose status is not 500), so a form can show it beside the fields.
func userFacing(err error) bool {
	return errs.HTTPStatus(errs.CodeOf(err)) != http.StatusInternalServerError
}
