package web

import "github.com/fanbase/fanbase/internal/user"

// routesRules registers the auto-reply rules pages: viewers see the rules,
// their versions and diffs and may dry-run them; operators change them.
func (h *Handler) routesRules(rt *router) {
	rt.page("GET /a/{appid}/rules", user.Viewer, h.handleRulesList)
	rt.page("GET /a/{appid}/rules/edit", user.Operator, h.handleRulesEdit)
	rt.page("POST /a/{appid}/rules/save", user.Operator, h.handleRulesSave)
	rt.page("POST /a/{appid}/rules/keyword", user.Operator, h.handleRulesKeyword)
	rt.page("GET /a/{appid}/rules/dryrun", user.Viewer, h.handleRulesDryrunShow)
	rt.page("POST /a/{appid}/rules/dryrun", user.Viewer, h.handleRulesDryrun)
	rt.page("GET /a/{appid}/rules/versions", user.Viewer, h.handleRulesVersions)
	rt.page("GET /a/{appid}/rules/diff", user.Viewer, h.handleRulesDiff)
	rt.page("POST /a/{appid}/rules/rollback", user.Operator, h.handleRulesRollback)
	rt.page("POST /a/{appid}/rules/canary", user.Operator, h.handleRulesCanary)
	rt.page("POST /a/{appid}/rules/canary/promote", user.Operator, h.handleRulesPromote)
	rt.page("POST /a/{appid}/rules/canary/stop", user.Operator, h.handleRulesCanaryStop)
}
