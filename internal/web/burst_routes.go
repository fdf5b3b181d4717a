package web

import "github.com/fanbase/fanbase/internal/user"

// routesBurst registers the campaign-day tools: clusters of similar
// questions with their bulk answer, the bulk job page, and remediation.
// Without burst tools there are no such pages.
func (h *Handler) routesBurst(rt *router) {
	if h.Burst == nil {
		return
	}
	rt.page("GET /a/{appid}/inbox/clusters", user.Agent, h.handleClusterList)
	rt.page("POST /a/{appid}/inbox/clusters/answer", user.Agent, h.handleClusterAnswer)
	rt.page("GET /a/{appid}/bulk/{id}", user.Agent, h.handleBulkShow)
	rt.page("GET /a/{appid}/remediation", user.Operator, h.handleRemedyShow)
	rt.page("GET /a/{appid}/remediation/outside.csv", user.Operator, h.handleRemedyCSV)
	rt.page("POST /a/{appid}/remediation/send", user.Operator, h.handleRemedySend)
}
