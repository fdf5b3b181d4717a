package api

import (
	"net/http"

	"github.com/fanbase/fanbase/internal/inbox"
	"github.com/fanbase/fanbase/internal/user"
)

// handlerFunc serves one endpoint for an authenticated, authorised caller.
// It returns an errs error to answer with the matching status, or nil after
// writing the response.
type handlerFunc func(w http.ResponseWriter, r *http.Request, c *call) error

// route is one row of the route table. Paths with {appid} load the account
// and refuse callers whose role on it is below Role; other paths only need
// a caller. Public routes need no caller at all.
type route struct {
	Method string
	Path   string
	Role   user.Role
	Public bool
	handle handlerFunc
}

// Prefix is where the API lives.
const Prefix = "/api/v1"

// routes is the API's one route table; openapi.yaml documents exactly these
// (a test keeps the two in step).
func (a *API) routes() []route {
	const acct = Prefix + "/accounts/{appid}"
	const conv = acct + "/conversations/{id}"
	return []route{
		{"GET", Prefix + "/openapi.yaml", "", true, a.handleOpenAPI},
		{"GET", Prefix + "/me", "", false, a.handleMe},

		{"GET", Prefix + "/accounts", "", false, a.handleAccountList},
		{"GET", acct, user.Viewer, false, a.handleAccountGet},

		{"GET", acct + "/conversations", user.Agent, false, a.handleConversationList},
		{"GET", conv, user.Agent, false, a.handleConversationGet},
		{"POST", conv + "/claim", user.Agent, false, a.conversationAction("claim", (*inbox.Desk).Claim)},
		{"POST", conv + "/close", user.Agent, false, a.conversationAction("close", (*inbox.Desk).Close)},
		{"POST", conv + "/reopen", user.Agent, false, a.conversationAction("reopen", (*inbox.Desk).Reopen)},
		{"POST", conv + "/transfer", user.Agent, false, a.handleConversationTransfer},
		{"POST", conv + "/replies", user.Agent, false, a.handleConversationReply},

		{"GET", acct + "/messages", user.Viewer, false, a.handleMessageList},
		{"GET", acct + "/replies", user.Viewer, false, a.handleReplyList},

		{"GET", acct + "/followers", user.Viewer, false, a.handleFollowerList},
		{"GET", acct + "/followers/{openid}", user.Viewer, false, a.handleFollowerGet},
		{"GET", acct + "/followers/sync", user.Viewer, false, a.handleFollowerSyncGet},
		{"POST", acct + "/followers/sync", user.Operator, false, a.handleFollowerSyncStart},

		{"GET", acct + "/tags", user.Viewer, false, a.handleTagList},
		{"POST", acct + "/tags", user.Operator, false, a.handleTagCreate},
		{"PATCH", acct + "/tags/{id}", user.Operator, false, a.handleTagUpdate},
		{"DELETE", acct + "/tags/{id}", user.Operator, false, a.handleTagDelete},
		{"POST", acct + "/tags/{id}/followers", user.Operator, false, a.handleTagFollowersAdd},
		{"DELETE", acct + "/tags/{id}/followers", user.Operator, false, a.handleTagFollowersRemove},

		{"GET", acct + "/segments", user.Viewer, false, a.handleSegmentList},
		{"POST", acct + "/segments", user.Operator, false, a.handleSegmentCreate},
		{"POST", acct + "/segments/count", user.Viewer, false, a.handleSegmentCount},
		{"GET", acct + "/segments/{id}", user.Viewer, false, a.handleSegmentGet},
		{"PATCH", acct + "/segments/{id}", user.Operator, false, a.handleSegmentUpdate},
		{"DELETE", acct + "/segments/{id}", user.Operator, false, a.handleSegmentDelete},
		{"GET", acct + "/segments/{id}/export", user.Operator, false, a.handleSegmentExport},

		{"GET", acct + "/rules", user.Viewer, false, a.handleRulesGet},
		{"GET", acct + "/rules/versions", user.Viewer, false, a.handleRuleVersionList},
		{"POST", acct + "/rules", user.Operator, false, a.handleRulesCreate},
		{"POST", acct + "/rules/rollback", user.Operator, false, a.handleRulesRollback},
		{"POST", acct + "/rules/test", user.Viewer, false, a.handleRulesTest},

		{"GET", acct + "/articles", user.Viewer, false, a.handleArticleList},
		{"POST", acct + "/articles", user.Operator, false, a.handleArticleCreate},
		{"GET", acct + "/articles/{id}", user.Viewer, false, a.handleArticleGet},
		{"PUT", acct + "/articles/{id}", user.Operator, false, a.handleArticleUpdate},
		{"DELETE", acct + "/articles/{id}", user.Operator, false, a.handleArticleDelete},

		{"GET", acct + "/menu", user.Viewer, false, a.handleMenuGet},
		{"PUT", acct + "/menu", user.Operator, false, a.handleMenuPut},
		{"DELETE", acct + "/menu", user.Operator, false, a.handleMenuDelete},
		{"POST", acct + "/menu/publish", user.Operator, false, a.handleMenuPublish},
		{"GET", acct + "/menu/published", user.Viewer, false, a.handleMenuPublished},
		{"GET", acct + "/menu/stats", user.Viewer, false, a.handleMenuStats},

		{"GET", acct + "/broadcasts", user.Viewer, false, a.handleBroadcastList},
		{"POST", acct + "/broadcasts", user.Operator, false, a.handleBroadcastCreate},
		{"POST", acct + "/broadcasts/check", user.Operator, false, a.handleBroadcastCheck},
		{"GET", acct + "/broadcasts/settings", user.Operator, false, a.handleBroadcastSettingsGet},
		{"PUT", acct + "/broadcasts/settings", user.Admin, false, a.handleBroadcastSettingsPut},
		{"GET", acct + "/broadcasts/{id}", user.Viewer, false, a.handleBroadcastGet},
		{"PATCH", acct + "/broadcasts/{id}", user.Operator, false, a.handleBroadcastUpdate},
		{"POST", acct + "/broadcasts/{id}/preview", user.Operator, false, a.handleBroadcastPreview},
		{"POST", acct + "/broadcasts/{id}/schedule", user.Operator, false, a.handleBroadcastSchedule},
		{"POST", acct + "/broadcasts/{id}/cancel", user.Operator, false, a.handleBroadcastCancel},
		{"GET", acct + "/broadcasts/{id}/results", user.Viewer, false, a.handleBroadcastResults},
	}
}
