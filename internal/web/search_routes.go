package web

import "github.com/fanbase/fanbase/internal/user"

// routesSearch registers full-text search: in one account, and across
// every account the user works on. Without a search store there is none.
func (h *Handler) routesSearch(rt *router) {
	if h.Search == nil {
		return
	}
	rt.page("GET /search", user.Agent, h.handleSearchShow)
	rt.page("GET /a/{appid}/search", user.Agent, h.handleSearchShow)
}
