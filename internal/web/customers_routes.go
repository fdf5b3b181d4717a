package web

import "github.com/fanbase/fanbase/internal/user"

// routesCustomers registers the customer file (follower list, profile,
// tags, notes) and canned replies. Without their services there are no
// such pages; the file's history also needs the desk.
func (h *Handler) routesCustomers(rt *router) {
	if h.Customers != nil && h.Desk != nil {
		rt.page("GET /a/{appid}/followers", user.Agent, h.handleFollowerList)
		rt.page("GET /a/{appid}/followers/{openid}", user.Agent, h.handleFollowerShow)
		rt.page("POST /a/{appid}/followers/{openid}/notes", user.Agent, h.handleNoteAdd)
		rt.page("POST /a/{appid}/followers/{openid}/notes/{id}/delete", user.Agent, h.handleNoteDelete)
		rt.page("POST /a/{appid}/followers/{openid}/tags", user.Agent, h.handleFollowerTagAdd)
		rt.page("POST /a/{appid}/followers/{openid}/tags/{id}/delete", user.Agent, h.handleFollowerTagRemove)
	}
	if h.Canned != nil {
		rt.page("GET /a/{appid}/canned", user.Agent, h.handleCannedList)
		rt.page("GET /a/{appid}/canned/pick", user.Agent, h.handleCannedPick)
		rt.page("POST /a/{appid}/canned", user.Operator, h.handleCannedCreate)
		rt.page("POST /a/{appid}/canned/{id}", user.Operator, h.handleCannedUpdate)
		rt.page("POST /a/{appid}/canned/{id}/delete", user.Operator, h.handleCannedDelete)
	}
}
