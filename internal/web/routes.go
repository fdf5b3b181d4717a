package web

import "github.com/fanbase/fanbase/internal/user"

// routes is the web app's route table: the foundation's routes here, each
// feature's through one routesX call.
func (h *Handler) routes(rt *router) {
	rt.public("GET /login", h.handleLoginShow)
	rt.public("POST /login", h.handleLoginSubmit)
	rt.page("POST /logout", "", h.handleLogout)
	rt.public("GET /lang", h.handleLangSwitch)
	rt.public("GET /favicon.ico", h.handleFavicon)
	rt.page("GET /{$}", "", h.handleHome)
	rt.page("GET /a/{appid}/events", user.Viewer, h.handleEvents)
	h.routesSettings(rt)
	h.routesRules(rt)
	h.routesInbox(rt)
	h.routesCustomers(rt)
	h.routesFollowerSync(rt)
	h.routesDashboard(rt)
	h.routesSearch(rt)
	h.routesBurst(rt)
	h.routesArticles(rt)
	h.routesBroadcasts(rt)
	h.routesTags(rt)
	h.routesMenus(rt)
	h.routesSegments(rt)
}
