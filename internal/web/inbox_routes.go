package web

import "github.com/fanbase/fanbase/internal/user"

// routesInbox registers the service desk: the live queue, conversations and
// their actions, and agents' presence. Without a Desk there are no such pages.
// Actions live under /conversations/ so that they never overlap other
// features' /inbox/… routes.
func (h *Handler) routesInbox(rt *router) {
	if h.Desk == nil {
		return
	}
	rt.page("GET /a/{appid}/inbox", user.Agent, h.handleInboxQueue)
	rt.page("GET /a/{appid}/inbox/{id}", user.Agent, h.handleConversationShow)
	rt.page("GET /a/{appid}/inbox/settings", user.Admin, h.handleDeskSettingsShow)
	rt.page("POST /a/{appid}/inbox/settings", user.Admin, h.handleDeskSettingsSave)
	rt.page("POST /a/{appid}/conversations/{id}/claim", user.Agent, h.handleConversationClaim)
	rt.page("POST /a/{appid}/conversations/{id}/transfer", user.Agent, h.handleConversationTransfer)
	rt.page("POST /a/{appid}/conversations/{id}/close", user.Agent, h.handleConversationClose)
	rt.page("POST /a/{appid}/conversations/{id}/reopen", user.Agent, h.handleConversationReopen)
	rt.page("POST /a/{appid}/conversations/{id}/reply", user.Agent, h.handleConversationReply)
	rt.page("POST /a/{appid}/presence", user.Agent, h.handlePresenceSet)
	rt.page("POST /a/{appid}/presence/heartbeat", user.Agent, h.handlePresenceHeartbeat)
}
